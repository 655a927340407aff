package dev.suite.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.suite.loadbalancing.InFlightRequests;
import dev.suite.loadbalancing.LoadBalancingPolicy;
import dev.suite.loadbalancing.LoadBalancingSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.endpoint.event.RefreshEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway end to end over real HTTP: three inventory-service instances (one of them slow) found through static
 * discovery, order-service with no instance at all, and the YAML routes of {@code application.yml}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.consul.enabled=false",
        "spring.cloud.consul.config.enabled=false",
        "spring.cloud.consul.discovery.enabled=false",
        // a refresh rebuilds the environment from config files; keep these settings or it would look for Consul
        "spring.cloud.refresh.additional-property-sources-to-retain=Inlined Test Properties",
        "gateway.routes.inventory-service.response-timeout=3s",
        "logging.level.dev.suite.gateway.access=INFO" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class GatewayTest {

    private static final String INVENTORY_POLICY = "loadbalancing.services.inventory-service.policy";

    private static final Backend fast1 = start("fast-1");

    private static final Backend fast2 = start("fast-2");

    private static final Backend slow = start("slow");

    private static final List<Backend> backends = List.of(fast1, fast2, slow);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    LoadBalancingSettings settings;

    @Autowired
    InFlightRequests inFlightRequests;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        for (int i = 0; i < backends.size(); i++) {
            String uri = backends.get(i).uri();
            registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[" + i + "].uri", () -> uri);
        }
    }

    @AfterAll
    static void stopBackends() {
        backends.forEach(Backend::close);
    }

    @BeforeEach
    void resetBackends() {
        backends.forEach(Backend::reset);
        switchPolicy("round-robin");
    }

    @Test
    @Order(1)
    void routesInventoryRequestsToTheInventoryInstances() {
        HttpResponse<String> response = get("/api/inventory/A-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsAnyOf("fast-1", "fast-2", "slow");
        assertThat(backends.stream().flatMap(b -> b.received().stream()))
                .singleElement()
                .satisfies(received -> assertThat(received.path()).isEqualTo("/api/inventory/A-1"));
    }

    @Test
    @Order(2)
    void forwardsNothingButTheApiRoutes() {
        List<String> internal = List.of("/actuator/env", "/actuator/prometheus/../env", "/v1/kv/config?recurse",
                "/v1/agent/services", "/v1/status/leader", "/internal/reservations/1", "/api/other",
                "/api/inventory/%2e%2e/%2e%2e/actuator/env", "/api/inventory/..%2f..%2factuator/env",
                "/api/inventory/;/../../actuator/env", "/api/inventory/%2E%2E/%2E%2E/v1/kv/x",
                "/api/inventory//actuator/env", "/api/inventory/%5c..%5c..%5cactuator");
        for (String path : internal) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            // the services' vocabulary: every 400 is an invalid-request naming what is wrong, a 404 is not-found
            assertThat(response.body()).as(path).contains(response.statusCode() == 400
                    ? "\"type\":\"urn:suite:problem:invalid-request\"" : "\"type\":\"urn:suite:problem:not-found\"");
            if (response.statusCode() == 400) {
                assertThat(response.body()).as(path).contains("\"errors\":[{");
            }
        }
        assertThat(backends.stream().mapToInt(b -> b.received().size()).sum()).isZero();
    }

    @Test
    @Order(2)
    void refusesABodyOverTheServicesLimitWithoutForwardingIt() {
        // 64 KB, suite.web.max-body-size; the chunked body must not reach an instance cut off at the limit either
        String body = "{\"n\":\"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> sized = send(HttpRequest.newBuilder(uri("/api/inventory/reserve"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/api/inventory/reserve"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes()))));

        for (HttpResponse<String> response : List.of(sized, chunked)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"type\":\"urn:suite:problem:invalid-request\"")
                    .contains("\"rule\":\"max-size\"");
        }
        assertThat(backends.stream().mapToInt(b -> b.received().size()).sum()).isZero();
    }

    @Test
    @Order(3)
    void propagatesTheCallersRequestIdAndTraceToTheBackendAndBack() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/inventory/A-1"))
                .header("X-Request-Id", "order-42")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        Backend.Received received = backends.stream().flatMap(b -> b.received().stream()).findFirst().orElseThrow();
        assertThat(received.requestId()).isEqualTo("order-42");
        assertThat(received.traceparent()).startsWith("00-" + traceId + "-").endsWith("-01")
                .doesNotContain("00f067aa0ba902b7");
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("order-42");
        assertThat(response.headers().allValues("traceparent")).containsExactly(received.traceparent());
    }

    @Test
    @Order(3)
    void passesNoForwardingHeadersOfTheCallerOn() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/inventory/A-1"))
                .header("X-Forwarded-For", "203.0.113.9")
                .header("x-forwarded-host", "evil.example")
                .header("Forwarded", "for=203.0.113.9"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(backends.stream().flatMap(b -> b.received().stream())).singleElement()
                .satisfies(received -> assertThat(received.forwardingHeaders()).isEmpty());
    }

    @Test
    @Order(4)
    void startsARequestIdAndTraceWhenTheCallerSentNone(CapturedOutput output) {
        HttpResponse<String> response = get("/api/inventory/A-2");

        Backend.Received received = backends.stream().flatMap(b -> b.received().stream()).findFirst().orElseThrow();
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(received.requestId()).isEqualTo(requestId);
        assertThat(received.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .isEqualTo(response.headers().firstValue("traceparent").orElseThrow());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .containsOnlyOnce("request-id=" + requestId)
                .contains("GET /api/inventory/A-2 200"));
    }

    @Test
    @Order(5)
    void leastConnectionsSendsTheSlowInstanceMarkedlyFewerRequestsThanRoundRobin() {
        slow.addLatency(50);
        double roundRobinShare = slowShareOf(240);

        backends.forEach(Backend::reset);
        slow.addLatency(50);
        switchPolicy("least-connections");
        double leastConnectionsShare = slowShareOf(240);

        System.out.printf("slow instance's share: round-robin %.3f, least-connections %.3f%n", roundRobinShare,
                leastConnectionsShare);
        assertThat(roundRobinShare).isBetween(0.30, 0.37);
        // the margin is wide because the fast instances' latency through the gateway grows with the machine's load
        assertThat(leastConnectionsShare).isLessThan(roundRobinShare * 0.75);
    }

    @Test
    @Order(6)
    void aPolicySwitchAtRuntimeChangesTheDistribution() {
        slow.addLatency(50);
        switchPolicy("least-connections");
        double before = slowShareOf(160);
        assertThat(settings.policyFor("inventory-service")).isEqualTo(LoadBalancingPolicy.LEAST_CONNECTIONS);

        backends.forEach(Backend::reset);
        slow.addLatency(50);
        switchPolicy("round-robin");
        double after = slowShareOf(160);

        assertThat(settings.policyFor("inventory-service")).isEqualTo(LoadBalancingPolicy.ROUND_ROBIN);
        assertThat(after).isGreaterThan(before * 1.3).isBetween(0.30, 0.37);
    }

    @Test
    @Order(7)
    void retriesAGetOnAnotherInstanceWhenOneAnswers503() {
        fast2.answer503(true);

        for (int i = 0; i < 30; i++) {
            assertThat(get("/api/inventory/A-" + i).statusCode()).isEqualTo(200);
        }
        assertThat(fast2.received()).isNotEmpty();
    }

    @Test
    @Order(8)
    void retriesAPostOnlyWhenItCarriesAnIdempotencyKey() {
        fast2.answer503(true);
        List<Integer> withoutKey = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            withoutKey.add(send(HttpRequest.newBuilder(uri("/api/inventory/reserve"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"))).statusCode());
        }
        assertThat(withoutKey).contains(503).contains(200);

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/inventory/reserve"))
                    .header("Idempotency-Key", "key-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("{'n':" + i + "}");
        }
        assertThat(fast2.received()).filteredOn(r -> r.idempotencyKey() != null)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.body()).startsWith("{\"n\":"));
    }

    @Test
    @Order(9)
    void answersA504ProblemWhenTheInstanceIsSlowerThanTheRouteTimeoutWithoutRetrying() {
        HttpResponse<String> response = get("/api/inventory/slow");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("inventory-service did not answer in time")
                .contains("\"type\":\"urn:suite:problem:gateway-timeout\"");
        assertThat(backends.stream().mapToInt(b -> b.received().size()).sum()).isEqualTo(1);
    }

    @Test
    @Order(10)
    void answersA503ProblemWhenTheServiceHasNoHealthyInstance() {
        for (int i = 0; i < 15; i++) {
            HttpResponse<String> response = get("/api/orders/" + i);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"status\":503").contains("order-service")
                    .contains("\"type\":\"urn:suite:problem:service-unavailable\"");
        }
        // after ten failures the circuit breaker answers without trying
        assertThat(get("/api/orders/1").body()).contains("circuit breaker is open");
    }

    @Test
    @Order(11)
    void exposesPerInstanceMetricsForPrometheus() {
        get("/api/inventory/A-1");

        String metrics = get("/actuator/prometheus").body();

        for (Backend backend : List.of(fast1, fast2, slow)) {
            assertThat(metrics).contains("loadbalancer_instance_active{instance=\"127.0.0.1:" + backend.port()
                    + "\",service=\"inventory-service\"}");
        }
        assertThat(metrics).containsPattern(
                "loadbalancer_instance_requests_seconds_count\\{instance=\"127.0.0.1:\\d+\",outcome=\"SUCCESS\","
                        + "service=\"inventory-service\",status=\"200\"} \\d+");
    }

    @Test
    @Order(11)
    void matchesTheApiRoutesBeforeAnyOtherHandlerAndStillServesTheOthers() {
        HandlerMapping first = context.getBean(DispatcherServlet.class).getHandlerMappings().get(0);
        assertThat(first).isInstanceOf(RouterFunctionMapping.class);
        List<String> predicates = new ArrayList<>();
        ((RouterFunctionMapping) first).getRouterFunction().accept(new RoutePredicates(predicates));
        assertThat(predicates).first().asString().contains("/api/orders/**");

        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/swagger-ui.html").statusCode()).isEqualTo(302);
        assertThat(get("/api/inventory/A-1").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(12)
    void killingAnInstanceMidTrafficGivesNoClientVisibleErrors() throws Exception {
        for (String policy : List.of("least-connections", "round-robin")) {
            switchPolicy(policy);
            assertThat(get("/api/inventory/warm-up").statusCode()).isEqualTo(200);
        }
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<List<Integer>>> statuses = new ArrayList<>();
        try {
            for (int c = 0; c < 4; c++) {
                statuses.add(clients.submit(() -> {
                    List<Integer> seen = new ArrayList<>();
                    while (running.get()) {
                        HttpResponse<String> response = get("/api/inventory/A-1");
                        seen.add(response.statusCode());
                    }
                    return seen;
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> fast1.served() + fast2.served() > 100);
            slow.close();
            int servedAtKill = fast1.served() + fast2.served();
            await().atMost(Duration.ofSeconds(10)).until(() -> fast1.served() + fast2.served() > servedAtKill + 300);
        }
        finally {
            running.set(false);
            clients.shutdown();
        }
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> future : statuses) {
            all.addAll(future.get(10, TimeUnit.SECONDS));
        }
        assertThat(all).hasSizeGreaterThan(400).containsOnly(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlightRequests.total() == 0);
        assertThat(inFlightRequests.openLeases()).isZero();
    }

    private double slowShareOf(int requests) {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                statuses.add(clients.submit(() -> get("/api/inventory/A-1").statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        catch (Exception failure) {
            throw new AssertionError(failure);
        }
        finally {
            clients.shutdown();
        }
        int total = fast1.served() + fast2.served() + slow.served();
        assertThat(total).isEqualTo(requests);
        return (double) slow.served() / total;
    }

    private void switchPolicy(String policy) {
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("policy-switch", Map.of(INVENTORY_POLICY, policy)));
        context.publishEvent(new RefreshEvent(this, null, "policy switched to " + policy));
        assertThat(settings.policyFor("inventory-service").toString()).isEqualTo(policy);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static Backend start(String name) {
        try {
            return new Backend(name);
        }
        catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The predicates of a router function's routes, in the order they are tried. */
    private record RoutePredicates(List<String> predicates) implements RouterFunctions.Visitor {

        @Override
        public void startNested(RequestPredicate predicate) {
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
            predicates.add(predicate.toString());
        }

        @Override
        public void resources(Function<ServerRequest, Optional<Resource>> lookupFunction) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
        }
    }
}
