package dev.suite.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suite.web.http.HttpJson;
import dev.suite.web.http.HttpJson.Response;
import dev.suite.web.problem.ProblemAssertions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class InventoryApiTest {

    @LocalServerPort
    int port;

    HttpJson http;

    @BeforeEach
    void client() {
        http = new HttpJson(port);
    }

    @Test
    void setsAndReadsTheStockOfOneSku() {
        Response set = http.put("/api/inventory/BOOK-1", "{\"available\":5}");
        assertThat(set.status()).isEqualTo(200);

        Response read = http.get("/api/inventory/BOOK-1");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.textAt("sku")).isEqualTo("BOOK-1");
        assertThat(read.intAt("available")).isEqualTo(5);
        assertThat(read.intAt("reserved")).isZero();
        assertThat(http.get("/api/inventory").body().findValuesAsString("sku")).contains("BOOK-1");
    }

    @Test
    void listsOnlySkusAtOrBelowTheLowStockThresholdWhenAsked() {
        http.put("/api/inventory/LOW-1", "{\"available\":5}");
        http.put("/api/inventory/LOW-2", "{\"available\":6}");

        assertThat(http.get("/api/inventory?low-stock=true").body().findValuesAsString("sku"))
                .contains("LOW-1").doesNotContain("LOW-2");
        assertThat(http.get("/api/inventory").body().findValuesAsString("sku")).contains("LOW-1", "LOW-2");
    }

    @Test
    void refusesNegativeStockNamingTheFieldAndItsRuleAndCreatesNothing() {
        Response refused = http.put("/api/inventory/NEG-1", "{\"available\":-5}");

        assertInvalid(refused, "available", "body", "positive-or-zero");
        assertThat(http.get("/api/inventory/NEG-1").status()).isEqualTo(404);
    }

    @Test
    void refusesStockAboveTheMaximumAndOfTheWrongType() {
        assertInvalid(http.put("/api/inventory/HUGE-1", "{\"available\":1000000001}"), "available", "body", "max");
        assertInvalid(http.put("/api/inventory/HUGE-1", "{\"available\":\"ten\"}"), "available", "body", "type");
        assertInvalid(http.put("/api/inventory/HUGE-1", "{}"), "available", "body", "not-null");
        assertThat(http.get("/api/inventory/HUGE-1").status()).isEqualTo(404);
    }

    @Test
    void refusesASkuOfUnknownFormat() {
        assertInvalid(http.put("/api/inventory/not-a-sku", "{\"available\":1}"), "sku", "path", "pattern");
        assertInvalid(http.get("/api/inventory/not-a-sku"), "sku", "path", "pattern");
    }

    @Test
    void refusesALowStockFlagThatIsNotABoolean() {
        assertInvalid(http.get("/api/inventory?low-stock=maybe"), "low-stock", "query", "type");
    }

    private static void assertInvalid(Response refused, String field, String in, String rule) {
        ProblemAssertions.assertInvalidRequest(refused.status(), refused.contentType(), refused.body(), field, in, rule);
    }

    @Test
    void answersUnknownSkuWithNotFoundProblem() {
        Response missing = http.get("/api/inventory/NONE-404");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.textAt("type")).isEqualTo("urn:suite:problem:unknown-sku");
    }

    @Test
    void reservesEveryItemOfAnOrder() {
        http.put("/api/inventory/PEN-1", "{\"available\":10}");
        http.put("/api/inventory/PEN-2", "{\"available\":10}");

        Response reserved = http.put("/internal/reservations/order-all",
                "{\"items\":[{\"sku\":\"PEN-1\",\"quantity\":3},{\"sku\":\"PEN-2\",\"quantity\":2},{\"sku\":\"PEN-1\",\"quantity\":1}]}");

        assertThat(reserved.status()).isEqualTo(201);
        assertThat(reserved.textAt("status")).isEqualTo("RESERVED");
        assertThat(http.get("/api/inventory/PEN-1").intAt("available")).isEqualTo(6);
        assertThat(http.get("/api/inventory/PEN-1").intAt("reserved")).isEqualTo(4);
        assertThat(http.get("/api/inventory/PEN-2").intAt("available")).isEqualTo(8);
        assertThat(http.get("/internal/reservations/order-all").textAt("status")).isEqualTo("RESERVED");
    }

    @Test
    void reservesNothingWhenOneItemIsShort() {
        http.put("/api/inventory/CUP-1", "{\"available\":10}");
        http.put("/api/inventory/CUP-2", "{\"available\":1}");

        Response refused = http.put("/internal/reservations/order-short",
                "{\"items\":[{\"sku\":\"CUP-1\",\"quantity\":5},{\"sku\":\"CUP-2\",\"quantity\":2}]}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:insufficient-stock");
        assertThat(refused.body().get("shortages").findValuesAsString("sku")).containsExactly("CUP-2");
        assertThat(http.get("/api/inventory/CUP-1").intAt("available")).isEqualTo(10);
        assertThat(http.get("/api/inventory/CUP-1").intAt("reserved")).isZero();
        assertThat(http.get("/internal/reservations/order-short").status()).isEqualTo(404);
    }

    @Test
    void refusesAReservationNamingAnUnknownSkuAndReservesNothing() {
        http.put("/api/inventory/REAL-1", "{\"available\":10}");

        Response refused = http.put("/internal/reservations/order-ghost",
                "{\"items\":[{\"sku\":\"REAL-1\",\"quantity\":1},{\"sku\":\"GHOST-1\",\"quantity\":1}]}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:unknown-sku");
        assertThat(refused.body().get("skus").get(0).asString()).isEqualTo("GHOST-1");
        assertThat(http.get("/api/inventory/REAL-1").intAt("available")).isEqualTo(10);
        assertThat(http.get("/api/inventory/REAL-1").intAt("reserved")).isZero();
        assertThat(http.get("/internal/reservations/order-ghost").status()).isEqualTo(404);
    }

    @Test
    void aSkuWithNoUnitsLeftIsShortNotUnknown() {
        http.put("/api/inventory/EMPTY-1", "{\"available\":0}");

        Response refused = http.put("/internal/reservations/order-empty", "{\"items\":[{\"sku\":\"EMPTY-1\",\"quantity\":1}]}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:insufficient-stock");
    }

    @Test
    void repeatingAReservationReservesOnce() {
        http.put("/api/inventory/MUG-1", "{\"available\":10}");
        String items = "{\"items\":[{\"sku\":\"MUG-1\",\"quantity\":4}]}";

        assertThat(http.put("/internal/reservations/order-twice", items).status()).isEqualTo(201);
        assertThat(http.put("/internal/reservations/order-twice", items).status()).isEqualTo(200);

        assertThat(http.get("/api/inventory/MUG-1").intAt("available")).isEqualTo(6);
        assertThat(http.get("/api/inventory/MUG-1").intAt("reserved")).isEqualTo(4);
    }

    @Test
    void refusesDifferentItemsForAnOrderThatAlreadyReserved() {
        http.put("/api/inventory/HAT-1", "{\"available\":10}");
        http.put("/internal/reservations/order-changed", "{\"items\":[{\"sku\":\"HAT-1\",\"quantity\":1}]}");

        Response refused = http.put("/internal/reservations/order-changed", "{\"items\":[{\"sku\":\"HAT-1\",\"quantity\":2}]}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:reservation-conflict");
        assertThat(http.get("/api/inventory/HAT-1").intAt("available")).isEqualTo(9);
    }

    @Test
    void releasingGivesTheUnitsBackOnce() {
        http.put("/api/inventory/BAG-1", "{\"available\":10}");
        http.put("/internal/reservations/order-release", "{\"items\":[{\"sku\":\"BAG-1\",\"quantity\":3}]}");

        assertThat(http.delete("/internal/reservations/order-release").textAt("status")).isEqualTo("RELEASED");
        assertThat(http.delete("/internal/reservations/order-release").status()).isEqualTo(200);

        assertThat(http.get("/api/inventory/BAG-1").intAt("available")).isEqualTo(10);
        assertThat(http.get("/api/inventory/BAG-1").intAt("reserved")).isZero();
    }

    @Test
    void aReservationArrivingAfterItsReleaseTakesNoStock() {
        http.put("/api/inventory/KEY-1", "{\"available\":10}");

        assertThat(http.delete("/internal/reservations/order-late").textAt("status")).isEqualTo("RELEASED");
        Response late = http.put("/internal/reservations/order-late", "{\"items\":[{\"sku\":\"KEY-1\",\"quantity\":3}]}");

        assertThat(late.status()).isEqualTo(410);
        assertThat(http.get("/api/inventory/KEY-1").intAt("available")).isEqualTo(10);
    }

    @Test
    void refusesReservationsWithInvalidItems() {
        assertInvalid(http.put("/internal/reservations/order-bad", "{\"items\":[]}"), "items", "body", "size");
        assertInvalid(http.put("/internal/reservations/order-bad", "{\"items\":[{\"sku\":\"KEY-1\",\"quantity\":0}]}"),
                "items[0].quantity", "body", "positive");
        assertInvalid(http.put("/internal/reservations/order-bad", "{\"items\":[{\"sku\":\"key 1\",\"quantity\":1}]}"),
                "items[0].sku", "body", "pattern");
        assertInvalid(http.put("/internal/reservations/bad%20id", "{\"items\":[{\"sku\":\"KEY-1\",\"quantity\":1}]}"),
                "orderId", "path", "pattern");
        assertThat(http.get("/internal/reservations/order-bad").status()).isEqualTo(404);
    }

    @Test
    void refusesMalformedJsonWithProblem() {
        Response refused = http.put("/api/inventory/JSON-1", "{\"available\":");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:invalid-request");
        assertThat(refused.body().get("errors").get(0).get("rule").asString()).isEqualTo("json");
    }

    @Test
    void refusesAnOversizedBody() {
        String padding = "x".repeat(100_000);
        Response refused = http.put("/api/inventory/BIG-1", "{\"available\":1,\"padding\":\"" + padding + "\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("errors").get(0).get("rule").asString()).isEqualTo("max-size");
        assertThat(http.get("/api/inventory/BIG-1").status()).isEqualTo(404);
    }
}
