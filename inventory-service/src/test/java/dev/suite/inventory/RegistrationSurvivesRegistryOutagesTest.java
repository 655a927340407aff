package dev.suite.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Cloud Consul's real registration code, kept alive by the shared registration module, against a stand-in
 * registry that is down at start-up and later forgets its registrations: the instance starts anyway and gets
 * itself listed once the registry is back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.consul.enabled=true",
        "spring.cloud.consul.discovery.enabled=true",
        // The config import would create the Consul client before the stand-in's port is known, and discovery
        // would share that client; this test is about registration only.
        "spring.cloud.consul.config.enabled=false",
        "suite.registration.check-interval=200ms"})
@ActiveProfiles("test")
class RegistrationSurvivesRegistryOutagesTest {

    static final FlakyRegistry registry = FlakyRegistry.start();

    @DynamicPropertySource
    static void registryAddress(DynamicPropertyRegistry properties) {
        properties.add("spring.cloud.consul.host", () -> "127.0.0.1");
        properties.add("spring.cloud.consul.port", registry::port);
    }

    @AfterAll
    static void stopRegistry() {
        registry.server.stop(0);
    }

    @Test
    void startsWhileTheRegistryIsDownAndRegistersWhenItComesBackOrForgetsTheInstance() {
        assertThat(registry.services).isEmpty(); // the start-up registration failed, the context still started

        registry.up.set(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> !registry.services.isEmpty());
        assertThat(registry.services.keySet()).allMatch(id -> id.startsWith("inventory-service-"));
        int registrations = registry.registrations.get();

        registry.services.clear(); // a registry restart loses its in-memory state
        await().atMost(Duration.ofSeconds(20)).until(() -> !registry.services.isEmpty());
        assertThat(registry.registrations.get()).isGreaterThan(registrations);
    }

    /** Just enough of the Consul agent API: register, read, list, deregister; answers 500 while "down". */
    static final class FlakyRegistry {

        final HttpServer server;
        final AtomicBoolean up = new AtomicBoolean(false);
        final Map<String, String> services = new ConcurrentHashMap<>();
        final AtomicInteger registrations = new AtomicInteger();

        private FlakyRegistry(HttpServer server) {
            this.server = server;
        }

        static FlakyRegistry start() {
            try {
                FlakyRegistry registry = new FlakyRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
                registry.server.createContext("/", registry::handle);
                registry.server.start();
                return registry;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                if (!up.get()) {
                    answer(exchange, 500, "registry down");
                } else if (path.equals("/v1/agent/service/register")) {
                    Matcher id = java.util.regex.Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
                    if (id.find()) {
                        services.put(id.group(1), "{\"ID\":\"" + id.group(1) + "\",\"Service\":\"inventory-service\"}");
                        registrations.incrementAndGet();
                    }
                    answer(exchange, 200, "");
                } else if (path.startsWith("/v1/agent/service/deregister/")) {
                    services.remove(path.substring("/v1/agent/service/deregister/".length()));
                    answer(exchange, 200, "");
                } else if (path.startsWith("/v1/agent/service/") && exchange.getRequestMethod().equals("GET")) {
                    String service = services.get(path.substring("/v1/agent/service/".length()));
                    answer(exchange, service == null ? 404 : 200, service == null ? "" : service);
                } else if (path.equals("/v1/agent/services")) {
                    StringBuilder json = new StringBuilder("{");
                    services.forEach((id, service) -> json.append(json.length() > 1 ? "," : "")
                            .append('"').append(id).append("\":").append(service));
                    answer(exchange, 200, json.append('}').toString());
                } else {
                    answer(exchange, 404, "");
                }
            }
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
