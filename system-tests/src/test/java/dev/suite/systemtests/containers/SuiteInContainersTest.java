package dev.suite.systemtests.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The suite's own images on one Docker network, driven from outside as users drive it: orders through the gateway,
 * an order-service instance and the Raft leader killed mid-traffic, a configuration change applied live.
 * One cluster for the class (about ten containers); the destructive scenarios run last.
 */
@TestMethodOrder(OrderAnnotation.class)
class SuiteInContainersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static SuiteContainers suite;

    @BeforeAll
    static void startTheSuite() {
        SuiteContainers.requireDockerAndImages();
        suite = new SuiteContainers().start();
    }

    @AfterAll
    static void stopTheSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void placesAnOrderThroughTheGatewayAndReservesItsStock() throws Exception {
        String gateway = suite.url("gateway");
        String sku = uniqueSku("ST");
        awaitRoute(gateway + "/api/inventory/" + sku, "PUT", "{\"available\":10}");

        // Retried with the same Idempotency-Key while the first calls to cold JVMs time out: reserves once.
        HttpResponse<String> created = awaitStatus(201, gateway + "/api/orders", "POST",
                "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":3}]}", Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        JsonNode order = JSON.readTree(created.body());
        assertThat(order.path("status").asText()).isEqualTo("CONFIRMED");

        HttpResponse<String> read = send(gateway + "/api/orders/" + order.path("id").asText(), "GET", null, Map.of());
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode stock = JSON.readTree(send(gateway + "/api/inventory/" + sku, "GET", null, Map.of()).body());
        assertThat(stock.path("available").asInt()).isEqualTo(7);

        HttpResponse<String> tooMany = send(gateway + "/api/orders", "POST",
                "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":8}]}", Map.of());
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertThat(tooMany.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
    }

    @Test
    @Order(2)
    void appliesASharedConfigurationChangeWithoutRestart() throws Exception {
        // Written on a consensus node; every service reads it through the registry, which forwards the KV API.
        // info.* properties show on /actuator/info (MANAGEMENT_INFO_ENV_ENABLED=true on the gateway container).
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> put = send(suite.url("consensus-2") + "/v1/kv/config/application/info.system-test.marker",
                "PUT", marker, Map.of());
        assertThat(put.body().trim()).isEqualTo("true");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> info = send(suite.url("gateway") + "/actuator/info", "GET", null, Map.of());
            assertThat(info.body()).contains(marker);
        });

        // A real setting of order-service (@ConfigurationProperties, rebound live) on both replicas.
        String gateway = suite.url("gateway");
        String sku = uniqueSku("CFG");
        awaitRoute(gateway + "/api/inventory/" + sku, "PUT", "{\"available\":100}");
        String twoLines = "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1},{\"sku\":\"" + uniqueSku("CFGB")
                + "\",\"quantity\":1}]}";
        String limitKey = suite.url("consensus-3") + "/v1/kv/config/order-service/order/limits/max-items-per-order";
        assertThat(send(limitKey, "PUT", "1", Map.of()).body().trim()).isEqualTo("true");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (int i = 0; i < 4; i++) {
                    // Round-robin over both order-service replicas: each one must refuse.
                    HttpResponse<String> refused = send(gateway + "/api/orders", "POST", twoLines, Map.of());
                    assertThat(refused.statusCode()).isEqualTo(400);
                    assertThat(refused.body()).contains("at most 1");
                }
            });
        }
        finally {
            send(limitKey, "DELETE", null, Map.of());
        }
    }

    @Test
    @Order(3)
    void keepsAnsweringOrdersWhenAnOrderServiceInstanceIsKilledMidTraffic() throws Exception {
        String gateway = suite.url("gateway");
        String sku = uniqueSku("KILL");
        awaitRoute(gateway + "/api/inventory/" + sku, "PUT", "{\"available\":1000}");
        for (int i = 0; i < 6; i++) {
            // Warm both instances (round-robin) so that only the kill can fail the orders below.
            awaitStatus(201, gateway + "/api/orders", "POST", "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}",
                    Map.of("Idempotency-Key", "warm-" + sku + "-" + i));
        }

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i == 15) {
                suite.kill("order-1");
            }
            HttpResponse<String> response = send(gateway + "/api/orders", "POST",
                    "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}", Map.of("Idempotency-Key", "kill-" + sku + "-" + i));
            statuses.add(response.statusCode());
        }
        assertThat(statuses).as("answers to 60 orders, order-1 killed before the 16th").containsOnly(201);
        JsonNode stock = JSON.readTree(send(gateway + "/api/inventory/" + sku, "GET", null, Map.of()).body());
        assertThat(stock.path("available").asInt()).isEqualTo(1000 - 6 - 60);
    }

    @Test
    @Order(4)
    void resumesWritesAndLosesNoAcknowledgedOneWhenTheRaftLeaderIsKilled() throws Exception {
        List<String> nodes = new ArrayList<>(List.of("consensus-1", "consensus-2", "consensus-3"));
        String leader = leaderContainer(nodes.get(0));
        List<String> survivors = nodes.stream().filter(node -> !node.equals(leader)).toList();

        Map<String, String> acknowledged = new LinkedHashMap<>();
        int acknowledgedBeforeKill = 0;
        int attempt = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean killed = false;
        while (System.nanoTime() < deadline && acknowledged.size() < acknowledgedBeforeKill + 30) {
            // A client that spreads writes over every node it knows, as Consul clients behind a load balancer do.
            String node = (killed ? survivors : nodes).get(attempt % (killed ? survivors.size() : nodes.size()));
            String key = "system-test/leader-kill/k" + attempt;
            String value = "v" + attempt;
            attempt++;
            try {
                HttpResponse<String> response = send(suite.url(node) + "/v1/kv/" + key, "PUT", value, Map.of());
                if (response.statusCode() == 200 && response.body().trim().equals("true")) {
                    acknowledged.put(key, value);
                }
            }
            catch (IOException e) {
                // not acknowledged: the client would retry; this test only counts acknowledged writes
            }
            if (!killed && acknowledged.size() >= 30) {
                suite.kill(leader);
                killed = true;
                acknowledgedBeforeKill = acknowledged.size();
            }
        }
        assertThat(killed).as("30 writes acknowledged before the kill").isTrue();
        assertThat(acknowledged.size() - acknowledgedBeforeKill).as("writes acknowledged after the leader %s was killed", leader)
                .isGreaterThanOrEqualTo(30);

        String reader = survivors.get(0);
        for (Map.Entry<String, String> write : acknowledged.entrySet()) {
            HttpResponse<String> read = send(suite.url(reader) + "/v1/kv/" + write.getKey() + "?raw&consistent", "GET", null, Map.of());
            assertThat(read.statusCode()).as("acknowledged %s read back from %s", write.getKey(), reader).isEqualTo(200);
            assertThat(read.body()).isEqualTo(write.getValue());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** SKUs are [A-Z]{1,8}-[0-9]{1,6} (inventory-service); a fresh one per test. */
    private static String uniqueSku(String prefix) {
        return prefix + "-" + java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }

    /** The container of the Raft leader: /v1/status/leader answers "consensus-N:970N". */
    private static String leaderContainer(String askedNode) {
        String[] leader = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String body = send(suite.url(askedNode) + "/v1/status/leader", "GET", null, Map.of()).body();
            // Consul answers a JSON string ("host:port"); accept the bare form too.
            String address = body.trim().replace("\"", "");
            assertThat(address).matches("consensus-[123]:970[123]");
            leader[0] = address.substring(0, address.indexOf(':'));
        });
        return leader[0];
    }

    /** Retries a write until the gateway has a route and an instance for it (registration takes a few seconds). */
    private static void awaitRoute(String url, String method, String body) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> response = send(url, method, body, Map.of());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        });
    }

    private static HttpResponse<String> awaitStatus(int status, String url, String method, String body,
            Map<String, String> headers) {
        List<HttpResponse<String>> last = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> response = send(url, method, body, headers);
            last.clear();
            last.add(response);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        });
        return last.get(0);
    }

    private static HttpResponse<String> send(String url, String method, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null && body.startsWith("{")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), BodyHandlers.ofString());
    }
}
