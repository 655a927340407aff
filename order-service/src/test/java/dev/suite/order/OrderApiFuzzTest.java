package dev.suite.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

import dev.suite.web.openapi.ApiContract;
import dev.suite.web.openapi.ApiContract.Answer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fuzzing the public order API from what its OpenAPI document says: jqwik's generators make valid, almost valid and
 * malformed requests (SKUs, quantities and item lists on and across each constraint's edges, wrong JSON types,
 * garbage bodies, Idempotency-Keys, query parameters, ids), and every answer must hold the document's promises: no
 * 5xx, the answer matches the document (Atlassian's validator), every error is a problem detail, and a refused order
 * changes no stock. A placed order then goes the stateful way: read, cancel, stock back as before. jqwik reports the
 * seed of a failing run and shrinks the request; the count of requests by status is printed at the end.
 * <p>
 * By default it starts its own order-service and inventory-service. With {@code -Dsuite.fuzz.gateway=<url>} it fuzzes a
 * running suite through its gateway instead, reading both documents from the gateway ({@code .ci/check-65-api-fuzz.sh}
 * runs it so after {@code ./suite up}). It then stocks and orders the SKUs FUZZ-1 and FUZZ-2 there, and cancels every
 * order it placed.
 */
class OrderApiFuzzTest {

    private static final List<String> STOCKED = List.of("FUZZ-1", "FUZZ-2");

    /** A running suite's gateway to fuzz; unset: this test starts the two services itself. */
    private static final String GATEWAY = System.getProperty("suite.fuzz.gateway");

    private static final Map<Integer, Integer> STATUSES = new ConcurrentSkipListMap<>();

    private static InventoryUnderTest inventory;

    private static ConfigurableApplicationContext orders;

    /** The order API under test. */
    private static ApiContract api;

    /** The inventory API beside it: the stock of the SKUs ordered. */
    private static ApiContract stock;

    /**
     * A real order-service (its "test" profile: in-memory H2, no registry) in front of a real inventory-service, or
     * both APIs through the gateway of a running suite.
     */
    @BeforeContainer
    static void start() throws IOException {
        if (GATEWAY == null) {
            inventory = new InventoryUnderTest();
            orders = new SpringApplicationBuilder(OrderApplication.class).profiles("test").run(
                    "--server.port=0",
                    "--spring.cloud.discovery.client.simple.instances.inventory-service[0].uri=" + inventory.proxyUri());
            api = new ApiContract(((WebServerApplicationContext) orders).getWebServer().getPort());
            stock = new ApiContract(inventory.directUri(), "/v3/api-docs");
        } else {
            api = new ApiContract(GATEWAY, "/v3/api-docs/orders");
            stock = new ApiContract(GATEWAY, "/v3/api-docs/inventory");
        }
        assertThat(stock.call("PUT", "/api/inventory/FUZZ-1", "{\"available\":1000}").status()).isEqualTo(200);
        assertThat(stock.call("PUT", "/api/inventory/FUZZ-2", "{\"available\":3}").status()).isEqualTo(200);
    }

    @AfterContainer
    static void stop() {
        System.out.printf("OrderApiFuzzTest (%s): %d requests, answers by status %s%n",
                GATEWAY == null ? "in-process services" : "through the gateway at " + GATEWAY,
                STATUSES.values().stream().mapToInt(Integer::intValue).sum(), STATUSES);
        if (orders != null) {
            orders.close();
        }
        if (inventory != null) {
            inventory.close();
        }
    }

    @Property(tries = 400)
    void everyGeneratedRequestGetsAnAnswerTheDocumentPromisesAndARefusalChangesNoStock(@ForAll("requests") Exchange exchange) {
        Map<String, Integer> before = stockLevels();
        Answer answer = send(exchange.method(), exchange.path(), exchange.body(), exchange.headers());
        String what = exchange + " -> " + answer.status() + " " + answer.body();
        assertThat(answer.status()).as(what).isLessThan(500);
        assertThat(answer.responseErrors()).as(what).isEmpty();
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            assertThat(answer.body().get("type").asString()).as(what).startsWith("urn:suite:problem:");
        }
        if (exchange.method().equals("POST") && exchange.path().equals("/api/orders")) {
            if (answer.status() == 201) {
                readAndCancel(answer.body().get("id").asString(), before, what);
            } else {
                assertThat(stockLevels()).as("a refused order changes no stock; " + what).isEqualTo(before);
            }
        }
    }

    @Provide
    Arbitrary<Exchange> requests() {
        return REQUESTS;
    }

    private static Answer send(String method, String path, String body, String... headers) {
        Answer answer = api.call(method, path, body, headers);
        STATUSES.merge(answer.status(), 1, Integer::sum);
        return answer;
    }

    /** The stateful path of a placed order: read it, cancel it, and its stock is back. */
    private static void readAndCancel(String id, Map<String, Integer> before, String what) {
        Answer read = send("GET", "/api/orders/" + id, null).matchesTheDocument();
        assertThat(read.status()).as(what).isEqualTo(200);
        Answer cancelled = send("POST", "/api/orders/" + id + "/cancel", null).matchesTheDocument();
        assertThat(cancelled.body().get("status").asString()).as(what).isEqualTo("CANCELLED");
        assertThat(stockLevels()).as("cancelling gives the stock back; " + what).isEqualTo(before);
    }

    private static Map<String, Integer> stockLevels() {
        Map<String, Integer> levels = new TreeMap<>();
        for (String sku : STOCKED) {
            Answer answer = stock.call("GET", "/api/inventory/" + sku, null).matchesTheDocument();
            levels.put(sku + ".available", answer.body().get("available").asInt());
            levels.put(sku + ".reserved", answer.body().get("reserved").asInt());
        }
        return levels;
    }

    record Exchange(String method, String path, String body, String... headers) {

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? " " + body.substring(0, 300) + "..." : " " + body;
            return method + " " + path + (headers.length > 0 ? " " + String.join(": ", headers) : "") + shown;
        }
    }

    // --- generators, from the document's constraints -----------------------------------------------------------

    private static final Arbitrary<String> SKUS = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of("\"FUZZ-1\"", "\"FUZZ-2\"")),
            // the right format, never stocked: 422 unknown-sku
            Tuple.of(1, Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8)
                    .map(letters -> "\"" + letters + "-7\"")),
            // across the pattern's edges, and other JSON types
            Tuple.of(2, Arbitraries.of("\"\"", "\"fuzz-1\"", "\"FUZZ1\"", "\"ABCDEFGHI-1\"", "\"A-1234567\"", "\"A-\"",
                    "\"-1\"", "\"A-1 \"", "\"\u00c4-1\"", "null", "1", "true", "[]", "{}")),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(OrderApiFuzzTest::jsonString)));

    private static final Arbitrary<String> QUANTITIES = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(1, 5).map(String::valueOf)),
            Tuple.of(3, Arbitraries.of(-2_147_483_648L, -1L, 0L, 1L, 2L, 999_999L, 1_000_000L, 1_000_001L, 2_000_000L,
                    2_147_483_647L, 2_147_483_648L, 99_999_999_999L).map(String::valueOf)),
            Tuple.of(1, Arbitraries.integers().map(String::valueOf)),
            Tuple.of(1, Arbitraries.of("null", "\"2\"", "\"two\"", "1.5", "1e3", "-0", "true", "[]", "{}")));

    private static final Arbitrary<String> ITEM = Arbitraries.frequencyOf(
            Tuple.of(9, Combinators.combine(SKUS, QUANTITIES).as((sku, quantity) -> "{\"sku\":" + sku + ",\"quantity\":" + quantity + "}")),
            Tuple.of(1, Arbitraries.of("{}", "null", "{\"sku\":\"FUZZ-1\"}", "{\"quantity\":1}", "[]")));

    private static final Arbitrary<String> ITEMS = Arbitraries.frequencyOf(
            Tuple.of(8, ITEM.list().ofMinSize(0).ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]")),
            Tuple.of(1, Arbitraries.just("[" + String.join(",", Collections.nCopies(101, "{\"sku\":\"FUZZ-1\",\"quantity\":1}")) + "]")),
            Tuple.of(1, Arbitraries.of("null", "{}", "\"FUZZ-1\"", "1", "[null]", "[[]]")));

    private static final Arbitrary<String> BODIES = Arbitraries.frequencyOf(
            Tuple.of(8, ITEMS.map(items -> "{\"items\":" + items + "}")),
            Tuple.of(1, ITEMS.map(items -> "{\"items\":" + items + ",\"note\":\"x\"}")),
            Tuple.of(1, Arbitraries.of("", "{}", "[]", "null", "not json", "{\"items\":", "{\"items\":[{\"sku\":\"FUZZ-1\",\"quantity\":1}]",
                    "{\"items\":[{\"sku\":\"FUZZ-1\",\"quantity\":1}]}}")),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));

    private static final Arbitrary<List<String>> KEYS = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(List.<String>of())),
            Tuple.of(2, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40)
                    .map(key -> List.of("Idempotency-Key", key))),
            Tuple.of(1, Arbitraries.of("has space", "x".repeat(256)).map(key -> List.of("Idempotency-Key", key))));

    private static final Arbitrary<Exchange> PLACE = Combinators.combine(BODIES, KEYS)
            .as((body, key) -> new Exchange("POST", "/api/orders", body, key.toArray(String[]::new)));

    private static final Arbitrary<Exchange> LIST = Combinators.combine(
            Arbitraries.of("", "CONFIRMED", "CANCELLED", "confirmed", "LOST", "%00"),
            Arbitraries.oneOf(Arbitraries.integers().between(-2, 102).map(String::valueOf), Arbitraries.of("", "ten", "1.5", "99999999999")))
            .as((status, limit) -> new Exchange("GET", "/api/orders?" + (status.isEmpty() ? "" : "status=" + status + "&")
                    + "limit=" + limit, null));

    private static final Arbitrary<Exchange> BY_ID = Combinators.combine(
            Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")),
            Arbitraries.of(true, false))
            .as((id, cancel) -> cancel ? new Exchange("POST", "/api/orders/" + id + "/cancel", null)
                    : new Exchange("GET", "/api/orders/" + id, null));

    private static final Arbitrary<Exchange> REQUESTS = Arbitraries.frequencyOf(
            Tuple.of(6, PLACE), Tuple.of(2, LIST), Tuple.of(2, BY_ID));

    private static String jsonString(String raw) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : raw.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
