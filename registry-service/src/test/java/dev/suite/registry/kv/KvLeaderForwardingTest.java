package dev.suite.registry.kv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.suite.registry.ConsulHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KV requests go to the node that says it leads the Raft group, and follow leadership when it moves. Two stand-in nodes answer {@code /v1/agent/self} with the role the test gives them
 * and record which KV requests reach them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.consul.enabled=false", "spring.cloud.discovery.enabled=false", "registry.dns.enabled=false"})
class KvLeaderForwardingTest {

    /** A stand-in consensus-service node. */
    static final class StandIn {
        final String name;
        final HttpServer server;
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile String role = "Follower";

        StandIn(String name) {
            this.name = name;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/v1/agent/self", exchange -> {
                byte[] self = ("{\"Config\":{\"NodeName\":\"" + name + "\"},\"Stats\":{\"raft\":{\"state\":\"" + role
                        + "\"}}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, self.length);
                exchange.getResponseBody().write(self);
                exchange.close();
            });
            server.createContext("/v1/kv/", exchange -> {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                byte[] answer = "true".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("X-Consul-Index", "7");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }
    }

    static final StandIn n1 = new StandIn("n1");
    static final StandIn n2 = new StandIn("n2");

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("registry.kv.upstreams", () -> n1.url() + "," + n2.url());
    }

    @LocalServerPort
    int port;
    ConsulHttp consul;

    @BeforeEach
    void client() {
        consul = new ConsulHttp(port);
    }

    @AfterAll
    static void stop() {
        n1.server.stop(0);
        n2.server.stop(0);
    }

    @Test
    void readsAndWritesGoToTheLeaderAndFollowItWhenLeadershipMoves() {
        n2.role = "Leader";
        awaitRequestsReach(n2);
        for (int i = 0; i < 5; i++) {
            n1.received.clear();
            assertThat(consul.get("/v1/kv/config/application/?recurse&index=3&wait=1s").status()).isEqualTo(200);
            assertThat(consul.put("/v1/kv/config/x", "1", Map.of()).status()).isEqualTo(200);
            assertThat(n1.received).as("nothing but stale reads reach a follower").isEmpty();
        }

        n2.role = "Follower";
        n1.role = "Leader";
        awaitRequestsReach(n1);
    }

    /** The registry asks the nodes in the background, at most every RaftLeader.RECHECK: wait for it to learn. */
    private void awaitRequestsReach(StandIn leader) {
        await().atMost(RaftLeader.RECHECK.multipliedBy(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            leader.received.clear();
            assertThat(consul.get("/v1/kv/config/probe").status()).isEqualTo(200);
            assertThat(leader.received).as("a read reached %s", leader.name).hasSize(1);
        });
    }
}
