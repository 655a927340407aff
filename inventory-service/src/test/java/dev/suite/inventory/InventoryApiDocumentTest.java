package dev.suite.inventory;

import static dev.suite.web.openapi.ApiContract.assertProblemAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.suite.web.openapi.ApiContract;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** inventory-service's OpenAPI document: what it describes, and that the service answers as it says. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class InventoryApiDocumentTest {

    @LocalServerPort
    int port;

    ApiContract api;

    @BeforeEach
    void document() {
        api = new ApiContract(port);
    }

    @Test
    void describesEveryPublicOperationWithItsProblemAnswersAndNothingInternal() {
        JsonNode paths = api.document().get("paths");

        assertThat(paths.propertyNames()).containsExactlyInAnyOrder("/api/inventory", "/api/inventory/{sku}");
        assertThat(paths.get("/api/inventory").propertyNames()).containsExactly("get");
        assertThat(paths.get("/api/inventory/{sku}").propertyNames()).containsExactlyInAnyOrder("get", "put");
        assertProblemAnswers(paths.get("/api/inventory/{sku}").get("get"), "400", "404", "503");
        assertProblemAnswers(paths.get("/api/inventory/{sku}").get("put"), "400", "503");
        assertProblemAnswers(paths.get("/api/inventory").get("get"), "400", "503");
        JsonNode stock = api.document().get("components").get("schemas").get("Stock");
        assertThat(stock.get("properties").get("reserved").get("description").asString()).contains("held by confirmed orders");
        JsonNode available = api.document().get("components").get("schemas").get("SetStock").get("properties").get("available");
        assertThat(available.get("minimum").asInt()).isZero();
        assertThat(available.get("maximum").asInt()).isEqualTo(1_000_000_000);
    }

    @Test
    void answersAsTheDocumentSays() {
        api.call("PUT", "/api/inventory/DOC-1", "{\"available\":7}").matchesTheDocument();
        assertThat(api.call("GET", "/api/inventory/DOC-1", null).matchesTheDocument().status()).isEqualTo(200);
        assertThat(api.call("GET", "/api/inventory", null).matchesTheDocument().status()).isEqualTo(200);
        assertThat(api.call("GET", "/api/inventory?low-stock=true", null).matchesTheDocument().status()).isEqualTo(200);

        assertThat(api.call("GET", "/api/inventory/NODOC-1", null).matchesTheDocument().status()).isEqualTo(404);
        String[] refused = { "{\"available\":-5}", "{\"available\":\"ten\"}", "{\"available\":", "{}", "[]" };
        for (String body : refused) {
            assertThat(api.call("PUT", "/api/inventory/DOC-1", body).matchesTheDocument().status()).as(body).isEqualTo(400);
        }
        assertThat(api.call("PUT", "/api/inventory/not-a-sku", "{\"available\":1}").matchesTheDocument().status()).isEqualTo(400);
        assertThat(api.call("GET", "/api/inventory?low-stock=maybe", null).matchesTheDocument().status()).isEqualTo(400);
        assertThat(api.call("GET", "/api/inventory/DOC-1", null).body().get("available").asInt()).isEqualTo(7);
    }

    @Test
    void theCheckRefusesAnswersTheDocumentDoesNotPromise() {
        assertThat(api.responseErrors("PUT", "/api/inventory/A-1", 400, "application/problem+json",
                "{\"type\":\"urn:suite:problem:invalid-request\",\"title\":\"Invalid request\",\"status\":400}"))
                .contains("errors");
        assertThat(api.responseErrors("GET", "/api/inventory/A-1", 200, "application/json",
                "{\"sku\":\"A-1\",\"available\":\"many\",\"reserved\":0}")).contains("integer expected");
        assertThat(api.responseErrors("GET", "/api/inventory/A-1", 418, "application/problem+json", "{}")).isNotEmpty();
    }
}
