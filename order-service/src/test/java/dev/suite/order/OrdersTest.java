package dev.suite.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.suite.web.http.HttpJson;
import dev.suite.web.http.HttpJson.Response;
import dev.suite.order.InventoryUnderTest.Fault;
import dev.suite.order.inventory.ReservationReleases;
import dev.suite.order.order.OrderItem;
import dev.suite.order.order.OrderService;
import dev.suite.web.problem.ProblemAssertions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * order-service end to end: real HTTP in, a @LoadBalanced RestClient resolving "inventory-service" through
 * Spring Cloud's simple discovery client, and a real inventory-service behind a proxy that injects faults.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OrdersTest {

    static InventoryUnderTest inventory;

    @DynamicPropertySource
    static void inventoryInstance(DynamicPropertyRegistry registry) throws IOException {
        inventory = new InventoryUnderTest();
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", inventory::proxyUri);
        registry.add("order.inventory.read-timeout", () -> "1s");
        registry.add("order.inventory.release-retry-interval", () -> "200ms");
        registry.add("order.inventory.max-concurrent-reservations", () -> "2");
        registry.add("order.inventory.reservation-queue-timeout", () -> "200ms");
    }

    @AfterAll
    static void stopInventory() {
        inventory.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReservationReleases releases;
    @Autowired
    ConfigurableEnvironment environment;
    @Autowired
    ApplicationContext context;

    HttpJson http;

    @BeforeEach
    void client() {
        http = new HttpJson(port);
    }

    @AfterEach
    void healInventory() {
        inventory.heal();
    }

    /** The path a shared-configuration change takes: Spring Cloud Consul's watch refreshes, which rebinds. */
    @Test
    void appliesAChangedItemLimitWithoutRestart() {
        inventory.stock("LIMIT-1", 10);
        inventory.stock("LIMIT-2", 10);
        String twoLines = "{\"items\":[{\"sku\":\"LIMIT-1\",\"quantity\":1},{\"sku\":\"LIMIT-2\",\"quantity\":1}]}";
        String key = "order.limits.max-items-per-order";
        environment.getPropertySources().addFirst(new MapPropertySource("changed-limit", Map.of(key, "1")));
        context.publishEvent(new EnvironmentChangeEvent(context, Set.of(key)));
        try {
            Response refused = http.post("/api/orders", twoLines);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.textAt("detail")).contains("at most 1");
            assertThat(inventory.available("LIMIT-1")).isEqualTo(10);
        }
        finally {
            environment.getPropertySources().remove("changed-limit");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of(key)));
        }
        assertThat(http.post("/api/orders", twoLines).status()).isEqualTo(201);
    }

    @Test
    void placesAnOrderAndReservesItsStock() {
        inventory.stock("BOOK-1", 10);

        Response placed = http.post("/api/orders", "{\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":2}]}");

        assertThat(placed.status()).isEqualTo(201);
        assertThat(placed.textAt("status")).isEqualTo("CONFIRMED");
        assertThat(placed.textAt("createdAt")).isNotBlank();
        assertThat(placed.body().get("items").get(0).get("sku").asString()).isEqualTo("BOOK-1");
        assertThat(placed.headers().firstValue("Location")).hasValue("/api/orders/" + placed.textAt("id"));
        assertThat(inventory.available("BOOK-1")).isEqualTo(8);
        assertThat(inventory.reserved("BOOK-1")).isEqualTo(2);
        Response read = http.get("/api/orders/" + placed.textAt("id"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(inventory.direct.get("/internal/reservations/" + placed.textAt("id")).textAt("status"))
                .isEqualTo("RESERVED");
    }

    @Test
    void listsOrdersByStatusNewestFirstUpToTheLimit() {
        inventory.stock("LIST-1", 10);
        String first = http.post("/api/orders", "{\"items\":[{\"sku\":\"LIST-1\",\"quantity\":1}]}").textAt("id");
        String second = http.post("/api/orders", "{\"items\":[{\"sku\":\"LIST-1\",\"quantity\":1}]}").textAt("id");
        http.post("/api/orders/" + first + "/cancel", "");

        List<String> cancelled = http.get("/api/orders?status=CANCELLED&limit=100").body().findValuesAsString("id");
        List<String> confirmed = http.get("/api/orders?status=CONFIRMED&limit=100").body().findValuesAsString("id");

        assertThat(cancelled).contains(first).doesNotContain(second);
        assertThat(confirmed).contains(second).doesNotContain(first);
        assertThat(http.get("/api/orders?limit=1").body().size()).isEqualTo(1);
        assertThat(http.get("/api/orders?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/api/orders?status=LOST").status()).isEqualTo(400);
    }

    @Test
    void cancellingReleasesTheStockOnce() {
        inventory.stock("CANCEL-1", 5);
        String id = http.post("/api/orders", "{\"items\":[{\"sku\":\"CANCEL-1\",\"quantity\":3}]}").textAt("id");

        Response cancelled = http.post("/api/orders/" + id + "/cancel", "");
        Response again = http.post("/api/orders/" + id + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.textAt("status")).isEqualTo("CANCELLED");
        assertThat(again.status()).isEqualTo(200);
        assertThat(inventory.available("CANCEL-1")).isEqualTo(5);
        assertThat(inventory.reserved("CANCEL-1")).isZero();
        assertThat(http.get("/api/orders/" + id).textAt("status")).isEqualTo("CANCELLED");
    }

    @Test
    void cancellingWhileInventoryIsDownReleasesTheStockWhenItIsBack() {
        inventory.stock("LATER-1", 5);
        String id = http.post("/api/orders", "{\"items\":[{\"sku\":\"LATER-1\",\"quantity\":2}]}").textAt("id");
        inventory.releaseFault = Fault.ERROR_BEFORE;

        Response cancelled = http.post("/api/orders/" + id + "/cancel", "");

        assertThat(cancelled.textAt("status")).isEqualTo("CANCELLED");
        assertThat(inventory.reserved("LATER-1")).isEqualTo(2);
        inventory.heal();
        await().atMost(Duration.ofSeconds(20)).until(() -> inventory.reserved("LATER-1") == 0);
        assertThat(inventory.available("LATER-1")).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> releases.pendingCount() == 0);
    }

    @Test
    void refusesAnOrderWhenStockIsShortAndReservesNothing() {
        inventory.stock("SHORT-1", 10);
        inventory.stock("SHORT-2", 1);
        int ordersBefore = orderCount();

        Response refused = http.post("/api/orders",
                "{\"items\":[{\"sku\":\"SHORT-1\",\"quantity\":4},{\"sku\":\"SHORT-2\",\"quantity\":2}]}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:insufficient-stock");
        assertThat(refused.body().get("shortages").findValuesAsString("sku")).containsExactly("SHORT-2");
        assertThat(inventory.available("SHORT-1")).isEqualTo(10);
        assertThat(inventory.reserved("SHORT-1")).isZero();
        assertThat(orderCount()).isEqualTo(ordersBefore);
    }

    @Test
    void refusesInvalidOrdersAndStoresNothing() {
        inventory.stock("VALID-1", 10);
        int ordersBefore = orderCount();
        List<String> invalid = List.of(
                "{}",
                "{\"items\":[]}",
                "{\"items\":[{\"sku\":\"VALID-1\",\"quantity\":0}]}",
                "{\"items\":[{\"sku\":\"VALID-1\",\"quantity\":-3}]}",
                "{\"items\":[{\"sku\":\"VALID-1\"}]}",
                "{\"items\":[{\"sku\":\"valid 1\",\"quantity\":1}]}",
                "{\"items\":[{\"quantity\":1}]}",
                "{\"items\":[{\"sku\":\"VALID-1\",\"quantity\":1}",
                "not json",
                "{\"items\":[{\"sku\":\"VALID-1\",\"quantity\":1}],\"note\":\"" + "x".repeat(100_000) + "\"}");

        for (String body : invalid) {
            Response refused = http.post("/api/orders", body);
            assertThat(refused.status()).as(body.length() > 80 ? "oversized body" : body).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:invalid-request");
            assertThat(refused.body().get("errors").size()).isPositive();
        }

        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(inventory.available("VALID-1")).isEqualTo(10);
    }

    @Test
    void namesEachInvalidFieldOfAnOrderWithItsRule() {
        inventory.stock("RULE-1", 10);
        int ordersBefore = orderCount();

        assertInvalid(http.post("/api/orders", "{\"items\":[{\"sku\":\"RULE-1\",\"quantity\":-1}]}"),
                "items[0].quantity", "body", "positive");
        assertInvalid(http.post("/api/orders", "{\"items\":[{\"sku\":\"RULE-1\",\"quantity\":0}]}"),
                "items[0].quantity", "body", "positive");
        assertInvalid(http.post("/api/orders", "{\"items\":[{\"sku\":\"RULE-1\",\"quantity\":2000000}]}"),
                "items[0].quantity", "body", "max");
        assertInvalid(http.post("/api/orders", "{\"items\":[]}"), "items", "body", "size");
        assertInvalid(http.post("/api/orders", "{\"items\":[{\"sku\":\"RULE-1\",\"quantity\":\"two\"}]}"),
                "items[0].quantity", "body", "type");
        assertInvalid(http.post("/api/orders", "{\"items\":[{\"sku\":\"RULE-1\",\"quantity\":1}]}", "Idempotency-Key", "has space"),
                "Idempotency-Key", "header", "pattern");

        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(inventory.available("RULE-1")).isEqualTo(10);
    }

    @Test
    void namesInvalidQueryParameters() {
        assertInvalid(http.get("/api/orders?limit=0"), "limit", "query", "min");
        assertInvalid(http.get("/api/orders?limit=101"), "limit", "query", "max");
        assertInvalid(http.get("/api/orders?limit=ten"), "limit", "query", "type");
        Response status = http.get("/api/orders?status=LOST");
        assertInvalid(status, "status", "query", "type");
        assertThat(status.body().get("errors").get(0).get("detail").asString()).contains("CONFIRMED", "CANCELLED");
    }

    @Test
    void refusesAnOrderForAnUnknownSkuWithItsOwnProblemAndStoresNothing() {
        inventory.stock("KNOWN-1", 10);
        int ordersBefore = orderCount();
        String body = "{\"items\":[{\"sku\":\"KNOWN-1\",\"quantity\":1},{\"sku\":\"NOSUCH-1\",\"quantity\":1}]}";

        Response refused = http.post("/api/orders", body, "Idempotency-Key", "unknown-sku-key");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:unknown-sku");
        assertThat(refused.body().get("skus").get(0).asString()).isEqualTo("NOSUCH-1");
        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(inventory.available("KNOWN-1")).isEqualTo(10);
        assertThat(inventory.reserved("KNOWN-1")).isZero();
        // The key was not spent on the refusal: once the SKU exists, the same request succeeds.
        inventory.stock("NOSUCH-1", 5);
        assertThat(http.post("/api/orders", body, "Idempotency-Key", "unknown-sku-key").status()).isEqualTo(201);
    }

    private static void assertInvalid(Response refused, String field, String in, String rule) {
        ProblemAssertions.assertInvalidRequest(refused.status(), refused.contentType(), refused.body(), field, in, rule);
    }

    @Test
    void refusesAnOversizedChunkedBodyWithoutALength() {
        inventory.stock("CHUNK-1", 10);
        int ordersBefore = orderCount();
        String body = "{\"items\":[" + "{\"sku\":\"CHUNK-1\",\"quantity\":1},".repeat(3_000) + "{\"sku\":\"CHUNK-1\",\"quantity\":1}]}";

        Response refused = http.postChunked("/api/orders", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.textAt("detail")).contains("larger than");
        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(inventory.available("CHUNK-1")).isEqualTo(10);
    }

    @Test
    void answersUnknownOrderWithNotFoundProblem() {
        Response missing = http.get("/api/orders/no-such-order");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.textAt("type")).isEqualTo("urn:suite:problem:order-not-found");
        assertThat(http.post("/api/orders/no-such-order/cancel", "").status()).isEqualTo(404);
    }

    @Test
    void aRetryWithTheSameKeyAndBodyReturnsTheFirstOrderAndReservesOnce() {
        inventory.stock("RETRY-1", 10);
        String body = "{\"items\":[{\"sku\":\"RETRY-1\",\"quantity\":3}]}";

        Response first = http.post("/api/orders", body, "Idempotency-Key", "retry-key-1");
        Response second = http.post("/api/orders", body, "Idempotency-Key", "retry-key-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.textAt("id")).isEqualTo(first.textAt("id"));
        assertThat(second.textAt("createdAt")).isEqualTo(first.textAt("createdAt"));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(inventory.available("RETRY-1")).isEqualTo(7);
        assertThat(inventory.reserved("RETRY-1")).isEqualTo(3);
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefused() {
        inventory.stock("REUSE-1", 10);
        http.post("/api/orders", "{\"items\":[{\"sku\":\"REUSE-1\",\"quantity\":1}]}", "Idempotency-Key", "reused-key");

        Response refused = http.post("/api/orders", "{\"items\":[{\"sku\":\"REUSE-1\",\"quantity\":5}]}",
                "Idempotency-Key", "reused-key");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(inventory.available("REUSE-1")).isEqualTo(9);
    }

    @Test
    void aKeyWhoseRequestIsStillRunningGetsAConflict() {
        inventory.stock("BUSY-1", 10);
        String hash = OrderService.fingerprint(List.of(new OrderItem("BUSY-1", 1)));
        claimKey("busy-key", hash, "order-of-another-replica", Instant.now());

        Response busy = http.post("/api/orders", "{\"items\":[{\"sku\":\"BUSY-1\",\"quantity\":1}]}",
                "Idempotency-Key", "busy-key");

        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.textAt("type")).isEqualTo("urn:suite:problem:request-in-progress");
        assertThat(inventory.available("BUSY-1")).isEqualTo(10);
    }

    @Test
    void aKeyAbandonedByADeadReplicaIsTakenOverAndItsReservationReleased() {
        inventory.stock("ABANDON-1", 10);
        // A replica claimed the key and reserved stock, then died before storing the order.
        assertThat(inventory.direct.put("/internal/reservations/abandoned-order",
                "{\"items\":[{\"sku\":\"ABANDON-1\",\"quantity\":4}]}").status()).isEqualTo(201);
        String hash = OrderService.fingerprint(List.of(new OrderItem("ABANDON-1", 4)));
        claimKey("abandoned-key", hash, "abandoned-order", Instant.now().minus(Duration.ofHours(1)));

        Response retried = http.post("/api/orders", "{\"items\":[{\"sku\":\"ABANDON-1\",\"quantity\":4}]}",
                "Idempotency-Key", "abandoned-key");

        assertThat(retried.status()).isEqualTo(201);
        assertThat(inventory.reserved("ABANDON-1")).isEqualTo(4);
        assertThat(inventory.available("ABANDON-1")).isEqualTo(6);
        assertThat(inventory.direct.get("/internal/reservations/abandoned-order").textAt("status")).isEqualTo("RELEASED");
    }

    @Test
    void anOrderFindingEveryReservationTurnTakenIsRefusedAtOnceWithRetryAfterAndReservesNothing() throws Exception {
        inventory.stock("BUSY-1", 10);
        inventory.delay = Duration.ofMillis(700); // answered within the 1 s read timeout, after holding a turn
        inventory.reserveFault = Fault.SLOW_AFTER;
        int ordersBefore = orderCount();
        var clients = java.util.concurrent.Executors.newFixedThreadPool(2); // Java 17: not AutoCloseable
        try {
            var slow = List.of(
                    clients.submit(() -> http.post("/api/orders", "{\"items\":[{\"sku\":\"BUSY-1\",\"quantity\":1}]}")),
                    clients.submit(() -> http.post("/api/orders", "{\"items\":[{\"sku\":\"BUSY-1\",\"quantity\":1}]}")));
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.reserved("BUSY-1") == 2);

            Response refused = http.post("/api/orders", "{\"items\":[{\"sku\":\"BUSY-1\",\"quantity\":3}]}");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(refused.textAt("type")).isEqualTo("urn:suite:problem:inventory-busy");
            for (var placed : slow) {
                assertThat(placed.get().status()).isEqualTo(201);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(orderCount()).isEqualTo(ordersBefore + 2);
        assertThat(inventory.reserved("BUSY-1")).isEqualTo(2);
        assertThat(inventory.available("BUSY-1")).isEqualTo(8);
    }

    @Test
    void anInventoryErrorBeforeReservingCreatesNothing() {
        inventory.stock("DOWN-1", 10);
        int ordersBefore = orderCount();
        inventory.reserveFault = Fault.ERROR_BEFORE;

        Response failed = http.post("/api/orders", "{\"items\":[{\"sku\":\"DOWN-1\",\"quantity\":1}]}");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(inventory.available("DOWN-1")).isEqualTo(10);
    }

    @Test
    void anInventoryErrorAfterReservingReleasesTheReservation() {
        inventory.stock("HALF-1", 10);
        int ordersBefore = orderCount();
        inventory.reserveFault = Fault.ERROR_AFTER;

        Response failed = http.post("/api/orders", "{\"items\":[{\"sku\":\"HALF-1\",\"quantity\":3}]}");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(inventory.reserved("HALF-1")).isZero();
        assertThat(inventory.available("HALF-1")).isEqualTo(10);
    }

    @Test
    void aTimeoutAfterTheReservationWasMadeReleasesIt() {
        inventory.stock("SLOW-1", 10);
        int ordersBefore = orderCount();
        inventory.reserveFault = Fault.SLOW_AFTER;

        Response timedOut = http.post("/api/orders", "{\"items\":[{\"sku\":\"SLOW-1\",\"quantity\":3}]}");

        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(timedOut.contentType()).startsWith("application/problem+json");
        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(inventory.reserved("SLOW-1")).isZero();
        assertThat(inventory.available("SLOW-1")).isEqualTo(10);
    }

    @Test
    void aReservationArrivingAfterTheTimeoutTakesNoStock() {
        inventory.stock("LATE-1", 10);
        int delivered = inventory.lateReservationsDelivered.get();
        inventory.reserveFault = Fault.SLOW_BEFORE;

        Response timedOut = http.post("/api/orders", "{\"items\":[{\"sku\":\"LATE-1\",\"quantity\":3}]}");

        assertThat(timedOut.status()).isEqualTo(504);
        await().atMost(Duration.ofSeconds(10)).until(() -> inventory.lateReservationsDelivered.get() > delivered);
        assertThat(inventory.reserved("LATE-1")).isZero();
        assertThat(inventory.available("LATE-1")).isEqualTo(10);
    }

    @Test
    void failingToStoreTheOrderReleasesItsReservation() {
        inventory.stock("STORE-1", 10);
        int ordersBefore = orderCount();
        jdbc.sql("ALTER TABLE orders RENAME TO orders_unavailable").update();
        Response failed;
        try {
            failed = http.post("/api/orders", "{\"items\":[{\"sku\":\"STORE-1\",\"quantity\":3}]}",
                    "Idempotency-Key", "store-fails");
        } finally {
            jdbc.sql("ALTER TABLE orders_unavailable RENAME TO orders").update();
        }

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(inventory.reserved("STORE-1")).isZero();
        assertThat(inventory.available("STORE-1")).isEqualTo(10);
        assertThat(orderCount()).isEqualTo(ordersBefore);

        // The failed attempt freed its key: the client's retry goes through.
        Response retried = http.post("/api/orders", "{\"items\":[{\"sku\":\"STORE-1\",\"quantity\":3}]}",
                "Idempotency-Key", "store-fails");
        assertThat(retried.status()).isEqualTo(201);
        assertThat(inventory.reserved("STORE-1")).isEqualTo(3);
    }

    private int orderCount() {
        return jdbc.sql("SELECT COUNT(*) FROM orders").query(Integer.class).single();
    }

    private void claimKey(String key, String hash, String orderId, Instant claimedAt) {
        jdbc.sql("INSERT INTO idempotency_key (idempotency_key, request_hash, order_id, claimed_at, completed)"
                        + " VALUES (:key, :hash, :orderId, :claimedAt, FALSE)")
                .param("key", key).param("hash", hash).param("orderId", orderId)
                .param("claimedAt", claimedAt.atOffset(ZoneOffset.UTC))
                .update();
    }
}
