package dev.suite.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in service instance: a JDK HTTP server on a random loopback port that answers every request with its name,
 * remembers what it received, and can be made slow, made to answer 503, or killed.
 */
final class Backend implements AutoCloseable {

    /** What one request looked like when it arrived. */
    record Received(String method, String path, String requestId, String traceparent, String idempotencyKey,
            String body, List<String> forwardingHeaders) {
    }

    final String name;

    private final HttpServer server;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final Queue<Received> received = new ConcurrentLinkedQueue<>();

    private final AtomicInteger served = new AtomicInteger();

    private volatile int addedLatencyMillis;

    private volatile boolean unavailable;

    Backend(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void addLatency(int millis) {
        this.addedLatencyMillis = millis;
    }

    void answer503(boolean unavailable) {
        this.unavailable = unavailable;
    }

    int served() {
        return served.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    void reset() {
        received.clear();
        served.set(0);
        addedLatencyMillis = 0;
        unavailable = false;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            var headers = exchange.getRequestHeaders();
            received.add(new Received(exchange.getRequestMethod(), path, headers.getFirst("X-Request-Id"),
                    headers.getFirst("traceparent"), headers.getFirst("Idempotency-Key"), body,
                    headers.keySet().stream().filter(Backend::isForwarding).toList()));
            pause(path.startsWith("/api/inventory/slow") ? 5000 : addedLatencyMillis);
            if (unavailable) {
                respond(exchange, 503, "{\"title\":\"Service Unavailable\"}");
                return;
            }
            served.incrementAndGet();
            respond(exchange, 200, "{\"backend\":\"" + name + "\",\"received\":\"" + body.replace("\"", "'") + "\"}");
        }
    }

    private static void pause(int millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            }
            catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        // a backend that echoes correlation headers must not duplicate the gateway's
        exchange.getResponseHeaders().set("X-Request-Id", "backend-" + exchange.getRequestHeaders().getFirst("X-Request-Id"));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static boolean isForwarding(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return name.equals("forwarded") || name.startsWith("x-forwarded-");
    }
}
