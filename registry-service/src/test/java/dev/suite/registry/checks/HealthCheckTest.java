package dev.suite.registry.checks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.suite.registry.ConsulHttp;
import dev.suite.registry.RegistryTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RegistryTest
class HealthCheckTest {

    @LocalServerPort
    int port;
    ConsulHttp consul;
    HttpServer app;
    final AtomicInteger appStatus = new AtomicInteger(200);
    final AtomicInteger appDelayMillis = new AtomicInteger();
    final AtomicInteger probes = new AtomicInteger();

    @BeforeEach
    void startAnAppToProbe() throws IOException {
        consul = new ConsulHttp(port);
        consul.deregisterAll();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/health", exchange -> {
            probes.incrementAndGet();
            try {
                Thread.sleep(appDelayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"status\":\"UP\"}".getBytes();
            exchange.sendResponseHeaders(appStatus.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        app.start();
    }

    @AfterEach
    void stopApp() {
        app.stop(0);
    }

    @Test
    void httpCheckFollowsTheStatusCode2xxPassing429WarningOtherwiseCritical() {
        registerHttpCheck("1s", "5s");
        awaitStatus("passing");
        appStatus.set(429);
        awaitStatus("warning");
        appStatus.set(503);
        awaitStatus("critical");
        appStatus.set(204);
        awaitStatus("passing");
        assertThat(checkOutput()).contains("HTTP GET").contains("204");
    }

    @Test
    void httpCheckRunsAtItsInterval() {
        registerHttpCheck("1s", "5s");
        awaitStatus("passing");
        int before = probes.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() >= before + 2);
    }

    @Test
    void httpCheckThatExceedsItsTimeoutIsCritical() {
        appDelayMillis.set(3000);
        registerHttpCheck("1s", "300ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> !checkOutput().isEmpty());
        assertThat(checkStatus()).isEqualTo("critical");
        assertThat(checkOutput()).containsIgnoringCase("timed out");
    }

    @Test
    void tcpCheckPassesWhileTheSocketAcceptsAndFailsWhenItCloses() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        consul.register("{\"ID\":\"db-1\",\"Name\":\"db\",\"Port\":1,\"Check\":{\"TCP\":\"127.0.0.1:"
                + socket.getLocalPort() + "\",\"Interval\":\"1s\",\"Timeout\":\"1s\"}}");
        awaitStatus("passing");
        socket.close();
        awaitStatus("critical");
    }

    @Test
    void ttlCheckTurnsCriticalWhenNotRenewedInTime() {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":1,\"Check\":{\"TTL\":\"1s\"}}");
        consul.put("/v1/agent/check/pass/service:web-1");
        assertThat(checkStatus()).isEqualTo("passing");
        awaitStatus("critical");
        assertThat(checkOutput()).isEqualTo("TTL expired");
    }

    @Test
    void instanceCriticalLongerThanDeregisterCriticalServiceAfterIsRemoved() {
        consul.register("""
                {"ID":"web-1","Name":"web","Port":1,"Check":{"TTL":"30s","DeregisterCriticalServiceAfter":"1s"}}""");
        consul.register("{\"ID\":\"web-2\",\"Name\":\"web\",\"Port\":2,\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !consul.serviceIds().contains("web-1"));
        assertThat(consul.serviceIds()).containsExactly("web-2");
    }

    private void registerHttpCheck(String interval, String timeout) {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":1,\"Check\":{\"HTTP\":\"http://127.0.0.1:"
                + app.getAddress().getPort() + "/health\",\"Interval\":\"" + interval + "\",\"Timeout\":\"" + timeout
                + "\"}}");
    }

    private void awaitStatus(String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(checkStatus()));
    }

    private String checkStatus() {
        var checks = consul.get("/v1/agent/checks").json();
        return checks.propertyNames().isEmpty() ? "" : checks.values().iterator().next().get("Status").asString();
    }

    private String checkOutput() {
        return consul.get("/v1/agent/checks").json().values().iterator().next().get("Output").asString();
    }
}
