package dev.suite.registry.compat;

import java.time.Duration;
import java.util.List;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.RegistryTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real Spring Cloud Consul discovery client, unmodified, against a running registry-service. */
@RegistryTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringCloudConsulDiscoveryTest {

    @LocalServerPort
    int registryPort;
    ConsulHttp consul;
    ConfigurableApplicationContext client;
    DiscoveryClient discovery;
    int clientPort;

    @BeforeAll
    void startClientApplication() {
        consul = new ConsulHttp(registryPort);
        consul.deregisterAll();
        ConsulClientApp.healthy.set(true);
        client = ConsulClientApp.start(registryPort, "scc-client-1");
        discovery = client.getBean(DiscoveryClient.class);
        clientPort = ((WebServerApplicationContext) client).getWebServer().getPort();
    }

    @AfterAll
    void stopClientApplication() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void applicationRegistersWithAnHttpCheckAndIsDiscoveredOnceItPasses() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !discovery.getInstances("scc-client").isEmpty());

        List<ServiceInstance> instances = discovery.getInstances("scc-client");
        assertThat(instances).singleElement().satisfies(instance -> {
            assertThat(instance.getInstanceId()).isEqualTo("scc-client-1");
            assertThat(instance.getHost()).isEqualTo("127.0.0.1");
            assertThat(instance.getPort()).isEqualTo(clientPort);
        });
        assertThat(discovery.getServices()).contains("scc-client");
        var check = consul.get("/v1/agent/checks").json().get("service:scc-client-1");
        assertThat(check.get("Type").asString()).isEqualTo("http");
        assertThat(check.get("Output").asString()).contains("/actuator/health");
    }

    @Test
    @Order(2)
    void catalogWatchPublishesHeartbeatEventsWhenTheCatalogChanges() {
        long before = consul.get("/v1/catalog/services").index();

        consul.register("{\"ID\":\"other-1\",\"Name\":\"other\",\"Port\":1}");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> ConsulClientApp.heartbeats.stream().anyMatch(index -> index > before));
        assertThat(discovery.getServices()).contains("other");
    }

    @Test
    @Order(3)
    void instanceLeavesPassingAnswersWhenItsHealthGoesDownAndReturnsWhenUp() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !discovery.getInstances("scc-client").isEmpty());

        ConsulClientApp.healthy.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> discovery.getInstances("scc-client").isEmpty());
        assertThat(consul.get("/v1/catalog/service/scc-client").json().size()).isEqualTo(1);

        ConsulClientApp.healthy.set(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> discovery.getInstances("scc-client").size() == 1);
    }

    @Test
    @Order(4)
    void applicationDeregistersOnShutdown() {
        assertThat(consul.serviceIds()).contains("scc-client-1");
        client.close();
        client = null;
        assertThat(consul.serviceIds()).doesNotContain("scc-client-1");
    }
}
