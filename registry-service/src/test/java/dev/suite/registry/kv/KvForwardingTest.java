package dev.suite.registry.kv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import dev.suite.registry.ConsulHttp;
import dev.suite.registry.ConsulHttp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry serves the KV API by forwarding to the consensus-service nodes. Here the first configured node
 * refuses connections and the second is a recording stand-in, so the test sees exactly what reaches a node and
 * what comes back to the client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.consul.enabled=false", "spring.cloud.discovery.enabled=false",
        "registry.dns.enabled=false", "registry.acl-token=registry-only", "registry.kv.timeout=1s"})
class KvForwardingTest {

    record Received(String method, String uri, String body, String token) {
    }

    static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    static final CountDownLatch STALLED_RELEASE = new CountDownLatch(1);
    static HttpServer node = startNodeOn(0);
    static final int REFUSING_PORT = freePort();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("registry.kv.upstreams", () -> "http://127.0.0.1:" + REFUSING_PORT + ",http://127.0.0.1:"
                + node.getAddress().getPort());
    }

    @LocalServerPort
    int port;
    ConsulHttp consul;

    @BeforeEach
    void client() {
        consul = new ConsulHttp(port);
        RECEIVED.clear();
    }

    @AfterAll
    static void stopNode() {
        node.stop(0);
    }

    @Test
    void readsReachANodeWithPathAndQueryAndRelayTheAnswerAndItsIndex() throws InterruptedException {
        Reply reply = consul.get("/v1/kv/config/application/?recurse&index=3&wait=1s");

        Received received = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.uri()).isEqualTo("/v1/kv/config/application/?recurse&index=3&wait=1s");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.index()).isEqualTo(41);
    }

    @Test
    void writesCarryTheirBodyAndTokenToTheNodeWhichAuthorisesThem() throws InterruptedException {
        Reply reply = consul.put("/v1/kv/config/order-service/orders.max-items-per-order?cas=0", "25",
                Map.of("X-Consul-Token", "kv-token"));

        Received received = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(received).isEqualTo(new Received("PUT",
                "/v1/kv/config/order-service/orders.max-items-per-order?cas=0", "25", "kv-token"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("true");
        assertThat(reply.contentType()).startsWith("application/json");
    }

    @Test
    void answersBadGatewayWhenNoNodeCanBeReached() {
        node.stop(0);
        try {
            Reply reply = consul.get("/v1/kv/anything");
            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.body()).startsWith("No KV store reachable");
        }
        finally {
            restartNode();
        }
    }

    @Test
    void answersGatewayTimeoutWhenTheNodeDoesNotAnswerInTime() {
        try {
            Reply reply = consul.get("/v1/kv/stalled");

            assertThat(reply.status()).isEqualTo(504);
            assertThat(reply.body()).startsWith("No KV store reachable");
        }
        finally {
            STALLED_RELEASE.countDown();
        }
    }

    private static void restartNode() {
        // Later tests in this class use the same port, which stays configured.
        node = startNodeOn(node.getAddress().getPort());
    }

    private static HttpServer startNodeOn(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/v1/kv/stalled", exchange -> {
                try {
                    // Held until the test has seen the registry give up (registry.kv.timeout).
                    STALLED_RELEASE.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.createContext("/v1/kv/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                RECEIVED.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), body,
                        exchange.getRequestHeaders().getFirst("X-Consul-Token")));
                boolean write = exchange.getRequestMethod().equals("PUT");
                byte[] answer = write ? "true".getBytes(StandardCharsets.UTF_8) : new byte[0];
                exchange.getResponseHeaders().add("X-Consul-Index", write ? "42" : "41");
                if (write) {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                }
                exchange.sendResponseHeaders(write ? 200 : 404, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
