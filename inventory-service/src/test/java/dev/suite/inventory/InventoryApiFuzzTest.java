package dev.suite.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
 * Fuzzing the public inventory API from what its OpenAPI document says (see OrderApiFuzzTest in order-service for the
 * order API): jqwik generates SKUs on and across the pattern's edges, stock levels across 0 and 1,000,000,000, wrong
 * JSON types, garbage bodies and low-stock flags; every answer must be below 500, match the document and, when it is
 * an error, be a problem detail, and a refused PUT must leave the SKU's stock as it was. With
 * {@code -Dsuite.fuzz.gateway=<url>} it fuzzes a running suite through its gateway instead of starting its own
 * inventory-service (and sets the stock of the SKUs it generates there).
 */
class InventoryApiFuzzTest {

    private static final Map<Integer, Integer> STATUSES = new ConcurrentSkipListMap<>();

    /** A running suite's gateway to fuzz; unset: this test starts inventory-service itself. */
    private static final String GATEWAY = System.getProperty("suite.fuzz.gateway");

    private static ConfigurableApplicationContext inventory;

    private static ApiContract api;

    @BeforeContainer
    static void start() {
        if (GATEWAY == null) {
            inventory = new SpringApplicationBuilder(InventoryApplication.class).profiles("test").run("--server.port=0");
            api = new ApiContract(((WebServerApplicationContext) inventory).getWebServer().getPort());
        } else {
            api = new ApiContract(GATEWAY, "/v3/api-docs/inventory");
        }
        api.call("PUT", "/api/inventory/FUZZ-1", "{\"available\":10}");
    }

    @AfterContainer
    static void stop() {
        System.out.printf("InventoryApiFuzzTest (%s): %d requests, answers by status %s%n",
                GATEWAY == null ? "in-process inventory-service" : "through the gateway at " + GATEWAY,
                STATUSES.values().stream().mapToInt(Integer::intValue).sum(), STATUSES);
        if (inventory != null) {
            inventory.close();
        }
    }

    @Property(tries = 150)
    void everyGeneratedRequestGetsAnAnswerTheDocumentPromisesAndARefusalChangesNoStock(
            @ForAll("skus") String sku, @ForAll("bodies") String body, @ForAll("operations") String operation) {
        String path = "/api/inventory/" + sku;
        String before = send("GET", path, null).body().toString();
        Answer answer = switch (operation) {
            case "PUT" -> send("PUT", path, body);
            case "GET" -> send("GET", path, null);
            default -> send("GET", "/api/inventory?low-stock=" + operation, null);
        };
        String what = operation + " " + path + " " + body + " -> " + answer.status() + " " + answer.body();
        assertThat(answer.status()).as(what).isLessThan(500);
        assertThat(answer.responseErrors()).as(what).isEmpty();
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            assertThat(answer.body().get("type").asString()).as(what).startsWith("urn:suite:problem:");
            assertThat(send("GET", path, null).body().toString()).as("a refusal changes no stock; " + what).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<String> skus() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("FUZZ-1", "FUZZ-2", "A-1", "ABCDEFGH-123456")),
                Tuple.of(2, Arbitraries.of("fuzz-1", "FUZZ1", "ABCDEFGHI-1", "A-1234567", "A-", "-1", "A-1%20", "%C3%84-1",
                        "%00", "A-1.json", "%2e%2e", "A-1%3B", "null")),
                Tuple.of(1, Combinators.combine(Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(9),
                        Arbitraries.integers().between(0, 9_999_999)).as((letters, digits) -> letters + "-" + digits)));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.oneOf(Arbitraries.integers().between(0, 20).map(String::valueOf),
                        Arbitraries.of("-1", "0", "1000000000", "1000000001", "2147483647", "2147483648", "-5", "null",
                                "\"5\"", "1.5", "true", "[]", "{}")).map(available -> "{\"available\":" + available + "}")),
                Tuple.of(1, Arbitraries.of("", "{}", "[]", "null", "not json", "{\"available\":", "{\"avail\":1}")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("PUT")), Tuple.of(2, Arbitraries.just("GET")),
                Tuple.of(1, Arbitraries.of("true", "false", "maybe", "", "1")));
    }

    private static Answer send(String method, String path, String body) {
        Answer answer = api.call(method, path, body);
        STATUSES.merge(answer.status(), 1, Integer::sum);
        return answer;
    }
}
