package dev.suite.console.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.EventHub;
import dev.suite.console.services.ServiceInstance;
import tools.jackson.databind.json.JsonMapper;

/** A policy switch followed against a fake KV store and fake instances' /actuator/info, over real HTTP. */
class PolicySwitchesTest {

    private static final String KEY = "config/application/loadbalancing/services/inventory-service/policy";

    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicLong gatewayIndex = new AtomicLong(41);
    private final AtomicLong gatewayRefreshedAt = new AtomicLong();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void marksEachInstanceWhenItReportsTheWritesIndexWithItsDelayAfterTheAcknowledgement() throws Exception {
        HttpServer registry = server(exchange -> exchange.getRequestURI().getPath().equals("/v1/kv/" + KEY)
                ? "[{\"Key\":\"" + KEY + "\",\"ModifyIndex\":42,\"Value\":\"bGVhc3QtY29ubmVjdGlvbnM=\"}]" : null);
        HttpServer gateway = server(exchange -> info(gatewayIndex.get(), gatewayRefreshedAt.get(),
                "loadbalancing.services.inventory-service.policy"));
        HttpServer inventory = server(exchange -> info(43, 0, null));
        HttpServer demo = server(exchange -> "{}");
        long acknowledged = System.currentTimeMillis();
        PolicySwitches switches = switches(registry, () -> Map.of(
                "gateway", List.of(instance("gateway-1", "gateway", gateway)),
                "inventory-service", List.of(instance("inventory-1", "inventory-service", inventory)),
                "demo", List.of(instance("demo-1", "demo", demo))));

        switches.written(KEY, "least-connections", acknowledged - 5, acknowledged);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(switches).instances())
                .extracting(PolicySwitch.Applied::instanceId).contains("inventory-1"));
        assertThat(only(switches).done()).as("the gateway has not applied index 42 yet").isFalse();
        gatewayRefreshedAt.set(acknowledged + 17);
        gatewayIndex.set(42);

        await().atMost(Duration.ofSeconds(5)).until(() -> only(switches).done());
        PolicySwitch done = only(switches);
        assertThat(done.index()).isEqualTo(42);
        assertThat(done.policy()).isEqualTo("least-connections");
        assertThat(done.silent()).isEmpty();
        assertThat(done.withoutIndex()).containsExactly("demo-1");
        assertThat(done.instances()).extracting(PolicySwitch.Applied::instanceId)
                .as("demo reports no applied index: not a shared-configuration client").containsExactly("gateway-1", "inventory-1");
        PolicySwitch.Applied gatewayApplied = done.instances().get(0);
        assertThat(gatewayApplied.appliedIndex()).isEqualTo(42);
        assertThat(gatewayApplied.delayMs()).as("its own refresh time").isEqualTo(17);
        assertThat(done.instances().get(1).delayMs()).isNotNull().isGreaterThanOrEqualTo(0);
    }

    @Test
    void anInstanceThatDoesNotAnswerIsListedAsSilent() throws Exception {
        HttpServer registry = server(exchange -> "[{\"Key\":\"" + KEY + "\",\"ModifyIndex\":7}]");
        HttpServer gone = server(exchange -> "{}");
        ServiceInstance unreachable = instance("gateway-2", "gateway", gone);
        gone.stop(0);
        PolicySwitches switches = switches(registry, () -> Map.of("gateway", List.of(unreachable)));

        switches.written(KEY, "round-robin", System.currentTimeMillis(), System.currentTimeMillis());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(switches).silent()).containsExactly("gateway-2"));
        assertThat(only(switches).done()).isFalse();
        switches.destroy();
    }

    @Test
    void otherKeysAreNotFollowed() throws Exception {
        HttpServer registry = server(exchange -> "[]");
        PolicySwitches switches = switches(registry, Map::of);

        switches.written("config/order-service/order/limits/max-items-per-order", "3", 0, 0);

        assertThat(switches.recent()).isEmpty();
    }

    private PolicySwitches switches(HttpServer registry, Supplier<Map<String, List<ServiceInstance>>> catalog) {
        ConsoleProperties settings = new ConsoleProperties(URI.create("http://127.0.0.1:" + registry.getAddress().getPort()),
                "127.0.0.1:1", List.of(), "config/", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                16, List.of("gateway"), Duration.ofSeconds(2));
        ConsulHttp http = new ConsulHttp(JsonMapper.builder().build(), settings);
        return new PolicySwitches(http, new EventHub(settings), settings, catalog, System::currentTimeMillis);
    }

    private static PolicySwitch only(PolicySwitches switches) {
        assertThat(switches.recent()).hasSize(1);
        return switches.recent().get(0);
    }

    private static String info(long appliedIndex, long refreshedAt, String changed) {
        String refresh = changed == null ? "" : ",\"lastRefresh\":{\"epochMillis\":" + refreshedAt
                + ",\"changedProperties\":[\"" + changed + "\"]}";
        return "{\"config\":{\"appliedIndex\":" + appliedIndex + refresh + ",\"shadowedKeys\":[]}}";
    }

    private static ServiceInstance instance(String id, String service, HttpServer server) {
        return new ServiceInstance(id, service, "node", "127.0.0.1", server.getAddress().getPort(), List.of(), Map.of(),
                "1", "passing", false, List.of());
    }

    private interface Body {
        String of(HttpExchange exchange);
    }

    private HttpServer server(Body body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String answer = body.of(exchange);
            byte[] bytes = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server;
    }
}
