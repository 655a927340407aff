package dev.suite.order;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.suite.inventory.InventoryApplication;
import dev.suite.web.http.HttpJson;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real inventory-service (its own application context, web server and in-memory database) behind a small
 * HTTP proxy whose faults a test switches on: failing or slow answers to reservations, failing releases.
 * order-service is pointed at the proxy, which passes everything through untouched by default.
 */
final class InventoryUnderTest implements AutoCloseable {

    enum Fault {
        /** Pass the request through. */
        NONE,
        /** Answer 500 without passing the request on: nothing happens in inventory-service. */
        ERROR_BEFORE,
        /** Pass the request on, then answer 500: the reservation exists but the caller sees an error. */
        ERROR_AFTER,
        /** Pass the request on, then answer after {@link #delay}: the caller times out after the reservation. */
        SLOW_AFTER,
        /** Wait {@link #delay}, then pass the request on: the reservation arrives after the caller gave up. */
        SLOW_BEFORE
    }

    volatile Fault reserveFault = Fault.NONE;
    volatile Fault releaseFault = Fault.NONE;
    volatile Duration delay = Duration.ofSeconds(2);
    final AtomicInteger lateReservationsDelivered = new AtomicInteger();

    private final ConfigurableApplicationContext inventory;
    private final HttpServer proxy;
    private final ExecutorService proxyThreads = Executors.newCachedThreadPool();
    private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    final HttpJson direct;

    InventoryUnderTest() throws IOException {
        inventory = new SpringApplicationBuilder(InventoryApplication.class).run(
                // order-service's application.yml shadows inventory-service's on this classpath: read neither.
                "--spring.config.name=inventory-under-test",
                "--spring.application.name=inventory-service",
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:inventory-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "--spring.flyway.locations=classpath:db/migration/inventory",
                "--spring.cloud.consul.enabled=false",
                "--spring.cloud.consul.config.enabled=false",
                "--spring.cloud.consul.discovery.enabled=false");
        int inventoryPort = ((WebServerApplicationContext) inventory).getWebServer().getPort();
        target = "http://127.0.0.1:" + inventoryPort;
        direct = new HttpJson(inventoryPort);
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        proxy.setExecutor(proxyThreads);
        proxy.createContext("/", this::handle);
        proxy.start();
    }

    /** inventory-service itself, without the proxy. */
    String directUri() {
        return target;
    }

    String proxyUri() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    void heal() {
        reserveFault = Fault.NONE;
        releaseFault = Fault.NONE;
        delay = Duration.ofSeconds(2);
    }

    int available(String sku) {
        return direct.get("/api/inventory/" + sku).intAt("available");
    }

    int reserved(String sku) {
        return direct.get("/api/inventory/" + sku).intAt("reserved");
    }

    void stock(String sku, int available) {
        direct.put("/api/inventory/" + sku, "{\"available\":" + available + "}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().toString();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean reservations = path.startsWith("/internal/reservations/");
            Fault fault = !reservations ? Fault.NONE
                    : "PUT".equals(method) ? reserveFault
                    : "DELETE".equals(method) ? releaseFault
                    : Fault.NONE;
            switch (fault) {
                case NONE -> answer(exchange, forward(method, path, body));
                case ERROR_BEFORE -> answer(exchange, failure());
                case ERROR_AFTER -> {
                    forward(method, path, body);
                    answer(exchange, failure());
                }
                case SLOW_AFTER -> {
                    HttpResponse<String> forwarded = forward(method, path, body);
                    pause();
                    answer(exchange, forwarded);
                }
                case SLOW_BEFORE -> {
                    pause();
                    HttpResponse<String> forwarded = forward(method, path, body);
                    lateReservationsDelivered.incrementAndGet();
                    answer(exchange, forwarded);
                }
            }
        } catch (IOException callerGone) {
            // the caller timed out and closed the connection; that is the point of the slow faults
        }
    }

    private HttpResponse<String> forward(String method, String path, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path))
                .method(method, body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            request.header("Content-Type", "application/json");
        }
        try {
            return forwarder.send(request.build(), BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static HttpResponse<String> failure() {
        return null;
    }

    private void answer(HttpExchange exchange, HttpResponse<String> forwarded) throws IOException {
        int status = forwarded == null ? 500 : forwarded.statusCode();
        String body = forwarded == null
                ? "{\"title\":\"Internal Server Error\",\"status\":500}"
                : forwarded.body();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String contentType = forwarded == null ? "application/problem+json"
                : forwarded.headers().firstValue("Content-Type").orElse("application/json");
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis()); // simulates a slow network or a stalled instance, on purpose
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        proxy.stop(0);
        proxyThreads.shutdownNow();
        inventory.close();
    }
}
