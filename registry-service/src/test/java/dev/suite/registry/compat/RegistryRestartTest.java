package dev.suite.registry.compat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.RegistryApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start order does not matter and a registry restart loses no service: a Spring Cloud Consul application
 * with the suite's {@code registration} module starts before the registry, appears once the registry is
 * up, and re-appears after the registry restarts with an empty catalog, without restarting the application.
 * The 30 s bounds are the promise under test (default check interval 10 s plus the first health check).
 */
class RegistryRestartTest {

    private static final Duration PROMISE = Duration.ofSeconds(30);

    private ConfigurableApplicationContext registry;
    private ConfigurableApplicationContext client;

    @AfterEach
    void stopAll() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void serviceStartedBeforeTheRegistryRegistersAndComesBackAfterARegistryRestart() throws IOException {
        int port = freePort();

        client = ConsulClientApp.start(port, "restart-client-1");

        registry = startRegistry(port);
        ConsulHttp consul = new ConsulHttp(port);
        await().atMost(PROMISE).until(() -> passingIds(consul).contains("restart-client-1"));

        registry.close();
        registry = startRegistry(port);
        assertThat(consul.serviceIds()).doesNotContain("restart-client-1"); // the new registry starts empty

        await().atMost(PROMISE).until(() -> passingIds(consul).contains("restart-client-1"));
    }

    private static java.util.List<String> passingIds(ConsulHttp consul) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        consul.get("/v1/health/service/scc-client?passing").json()
                .forEach(entry -> ids.add(entry.get("Service").get("ID").asString()));
        return ids;
    }

    private static ConfigurableApplicationContext startRegistry(int port) {
        return new SpringApplicationBuilder(RegistryApplication.class).run(
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--spring.cloud.consul.enabled=false",
                "--spring.cloud.discovery.enabled=false",
                "--registry.dns.enabled=false");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
