package dev.suite.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway serves the services' OpenAPI documents and Swagger UI, and still nothing else of the services. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.consul.enabled=false",
        "spring.cloud.consul.config.enabled=false",
        "spring.cloud.consul.discovery.enabled=false" })
class ApiDocumentsTest {

    private static final Backend orders = start("orders");

    private static final Backend inventory = start("inventory");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", orders::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", inventory::uri);
    }

    @AfterAll
    static void stopBackends() {
        orders.close();
        inventory.close();
    }

    @BeforeEach
    void resetBackends() {
        orders.reset();
        inventory.reset();
    }

    @Test
    void servesEachServicesOpenApiDocumentFromItsOwnApiDocsPath() {
        HttpResponse<String> ordersDocument = get("/v3/api-docs/orders");
        HttpResponse<String> inventoryDocument = get("/v3/api-docs/inventory");

        assertThat(ordersDocument.statusCode()).isEqualTo(200);
        assertThat(ordersDocument.body()).contains("\"backend\":\"orders\"");
        assertThat(inventoryDocument.statusCode()).isEqualTo(200);
        assertThat(inventoryDocument.body()).contains("\"backend\":\"inventory\"");
        assertThat(orders.received()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/v3/api-docs"));
        assertThat(inventory.received()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/v3/api-docs"));
    }

    @Test
    void servesSwaggerUiOverBothDocuments() {
        HttpResponse<String> entry = get("/swagger-ui.html");
        assertThat(entry.statusCode()).isEqualTo(302);
        assertThat(entry.headers().firstValue("Location")).hasValue("/swagger-ui/index.html");

        HttpResponse<String> page = get("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui-bundle.js", "swagger-initializer.js");
        assertThat(get("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        HttpResponse<String> initializer = get("/swagger-ui/swagger-initializer.js");
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("/v3/api-docs/orders", "/v3/api-docs/inventory");
    }

    @Test
    void forwardsNothingElseOfTheServices() {
        List<String> others = List.of("/v3/api-docs", "/v3/api-docs/other", "/v3/api-docs/orders/swagger-config",
                "/v3/api-docs.yaml", "/v3/api-docs/orders/../inventory", "/v3/api-docs/%2e%2e/actuator/env",
                "/swagger-ui/../actuator/env", "/swagger-ui/%2e%2e/%2e%2e/application.yml", "/swagger-ui/nothing-here.js");
        for (String path : others) {
            assertThat(get(path).statusCode()).as(path).isIn(400, 404);
        }
        assertThat(orders.received()).isEmpty();
        assertThat(inventory.received()).isEmpty();
    }

    private HttpResponse<String> get(String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Backend start(String name) {
        try {
            return new Backend(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
