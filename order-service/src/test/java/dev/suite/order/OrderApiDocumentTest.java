package dev.suite.order;

import static dev.suite.web.openapi.ApiContract.assertProblemAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import dev.suite.order.InventoryUnderTest.Fault;
import dev.suite.web.openapi.ApiContract;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** order-service's OpenAPI document: what it describes, and that the service answers as it says. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OrderApiDocumentTest {

    static InventoryUnderTest inventory;

    @DynamicPropertySource
    static void inventoryInstance(DynamicPropertyRegistry registry) throws IOException {
        inventory = new InventoryUnderTest();
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", inventory::proxyUri);
    }

    @AfterAll
    static void stopInventory() {
        inventory.close();
    }

    @LocalServerPort
    int port;

    ApiContract api;

    @BeforeEach
    void document() {
        api = new ApiContract(port);
    }

    @AfterEach
    void healInventory() {
        inventory.heal();
    }

    @Test
    void describesEveryOperationWithTheIdempotencyKeyAndItsProblemAnswers() {
        JsonNode paths = api.document().get("paths");

        assertThat(paths.propertyNames()).containsExactlyInAnyOrder("/api/orders", "/api/orders/{id}", "/api/orders/{id}/cancel");
        assertThat(paths.get("/api/orders").propertyNames()).containsExactlyInAnyOrder("get", "post");
        JsonNode place = paths.get("/api/orders").get("post");
        assertThat(place.get("parameters").findValuesAsString("name")).contains("Idempotency-Key");
        assertProblemAnswers(place, "400", "409", "422", "503", "504");
        assertThat(place.get("responses").get("201").get("headers").propertyNames()).contains("Location", "Idempotent-Replayed");
        assertProblemAnswers(paths.get("/api/orders/{id}").get("get"), "400", "404", "503");
        assertProblemAnswers(paths.get("/api/orders/{id}/cancel").get("post"), "400", "404", "503");
        assertProblemAnswers(paths.get("/api/orders").get("get"), "400", "503");
        JsonNode line = api.document().get("components").get("schemas").get("OrderLine").get("properties");
        assertThat(line.get("quantity").get("maximum").asInt()).isEqualTo(1_000_000);
        assertThat(line.get("sku").get("pattern").asString()).isEqualTo("[A-Z]{1,8}-[0-9]{1,6}");
        JsonNode items = api.document().get("components").get("schemas").get("PlaceOrder").get("properties").get("items");
        assertThat(items.get("minItems").asInt()).isEqualTo(1);
    }

    @Test
    void answersAsTheDocumentSays() {
        inventory.stock("DOC-1", 10);
        inventory.stock("DOC-2", 1);
        String order = "{\"items\":[{\"sku\":\"DOC-1\",\"quantity\":2}]}";

        String id = api.call("POST", "/api/orders", order, "Idempotency-Key", "doc-key-1").matchesTheDocument().body()
                .get("id").asString();
        assertThat(api.call("POST", "/api/orders", order, "Idempotency-Key", "doc-key-1").matchesTheDocument().status())
                .isEqualTo(201);
        assertThat(api.call("GET", "/api/orders/" + id, null).matchesTheDocument().status()).isEqualTo(200);
        assertThat(api.call("GET", "/api/orders?status=CONFIRMED&limit=5", null).matchesTheDocument().status()).isEqualTo(200);
        assertThat(api.call("POST", "/api/orders/" + id + "/cancel", null).matchesTheDocument().status()).isEqualTo(200);

        assertThat(api.call("GET", "/api/orders/no-such-order", null).matchesTheDocument().status()).isEqualTo(404);
        assertThat(api.call("POST", "/api/orders/no-such-order/cancel", null).matchesTheDocument().status()).isEqualTo(404);
        String[] invalid = { "{\"items\":[]}", "{\"items\":[{\"sku\":\"DOC-1\",\"quantity\":-1}]}",
                "{\"items\":[{\"sku\":\"DOC-1\",\"quantity\":0}]}", "{\"items\":[{\"sku\":\"DOC-1\",\"quantity\":2000000}]}",
                "{\"items\":[{\"sku\":\"doc 1\",\"quantity\":1}]}", "{\"items\":[{\"sku\":\"DOC-1\",\"quantity\":\"x\"}]}",
                "not json", "{}" };
        for (String body : invalid) {
            assertThat(api.call("POST", "/api/orders", body).matchesTheDocument().status()).as(body).isEqualTo(400);
        }
        assertThat(api.call("POST", "/api/orders", order, "Idempotency-Key", "has space").matchesTheDocument().status())
                .isEqualTo(400);
        assertThat(api.call("GET", "/api/orders?limit=0", null).matchesTheDocument().status()).isEqualTo(400);
        assertThat(api.call("GET", "/api/orders?status=LOST", null).matchesTheDocument().status()).isEqualTo(400);
        assertThat(api.call("POST", "/api/orders", "{\"items\":[{\"sku\":\"DOC-2\",\"quantity\":5}]}").matchesTheDocument()
                .status()).isEqualTo(409);
        assertThat(api.call("POST", "/api/orders", "{\"items\":[{\"sku\":\"NODOC-1\",\"quantity\":1}]}").matchesTheDocument()
                .status()).isEqualTo(422);
        assertThat(api.call("POST", "/api/orders", "{\"items\":[{\"sku\":\"DOC-1\",\"quantity\":1}]}", "Idempotency-Key", "doc-key-1")
                .matchesTheDocument().status()).isEqualTo(422);
        inventory.reserveFault = Fault.ERROR_BEFORE;
        assertThat(api.call("POST", "/api/orders", order).matchesTheDocument().status()).isEqualTo(503);
    }
}
