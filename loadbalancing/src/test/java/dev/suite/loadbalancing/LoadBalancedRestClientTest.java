package dev.suite.loadbalancing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What order-service relies on: an application that merely depends on this module gets the policy-switching balancer
 * for its {@code @LoadBalanced} RestClient, with in-flight counting through Spring Cloud LoadBalancer's blocking
 * client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.cloud.consul.enabled=false",
        "loadbalancing.services.inventory-service.policy=round-robin" })
class LoadBalancedRestClientTest {

    private static final Map<Integer, AtomicInteger> servedByPort = new ConcurrentHashMap<>();

    private static final List<HttpServer> instances = List.of(instance(), instance());

    @DynamicPropertySource
    static void discovery(DynamicPropertyRegistry registry) {
        for (int i = 0; i < instances.size(); i++) {
            int port = instances.get(i).getAddress().getPort();
            registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[" + i + "].uri",
                    () -> "http://127.0.0.1:" + port);
        }
    }

    @AfterAll
    static void stop() {
        instances.forEach(server -> server.stop(0));
    }

    @Autowired
    RestClient.Builder restClients;

    @Autowired
    LoadBalancerClientFactory balancers;

    @Autowired
    InFlightRequests inFlightRequests;

    @Autowired
    ConfigurableEnvironment environment;

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void aLoadBalancedRestClientUsesThePolicySwitchingBalancerAndReleasesEveryCount() {
        RestClient inventory = restClients.baseUrl("http://inventory-service").build();
        servedByPort.clear();

        for (int i = 0; i < 20; i++) {
            assertThat(inventory.get().uri("/api/inventory/A-1").retrieve().body(String.class)).isEqualTo("{}");
        }

        assertThat(balancers.getInstance("inventory-service")).isInstanceOf(PolicySwitchingLoadBalancer.class);
        assertThat(servedByPort.values()).extracting(AtomicInteger::get).containsExactly(10, 10);
        assertThat(inFlightRequests.total()).isZero();
        assertThat(inFlightRequests.openLeases()).isZero();

        environment.getPropertySources().addFirst(new MapPropertySource("switch",
                Map.of("loadbalancing.services.inventory-service.policy", "least-connections")));
        events.publishEvent(new EnvironmentChangeEvent(environment, java.util.Set.of("loadbalancing")));

        PolicySwitchingLoadBalancer balancer = (PolicySwitchingLoadBalancer) balancers.getInstance("inventory-service");
        assertThat(balancer.currentPolicy()).isEqualTo(LoadBalancingPolicy.LEAST_CONNECTIONS);
    }

    private static HttpServer instance() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", exchange -> {
                servedByPort.computeIfAbsent(server.getAddress().getPort(), port -> new AtomicInteger())
                        .incrementAndGet();
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return server;
        }
        catch (IOException failure) {
            throw new java.io.UncheckedIOException(failure);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        @LoadBalanced
        RestClient.Builder loadBalancedRestClientBuilder() {
            return RestClient.builder();
        }
    }
}
