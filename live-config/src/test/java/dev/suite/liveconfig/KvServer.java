package dev.suite.liveconfig;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The part of Consul's KV HTTP API the configuration client and the watch use (recursive reads, blocking queries with
 * {@code index} and {@code wait}, PUT), over a sorted in-memory map: enough to drive the library through real HTTP
 * without starting a consensus cluster. The suite's own KV store is tested against these semantics in
 * consensus-service.
 */
final class KvServer implements AutoCloseable {

    private final HttpServer server;
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private long index = 1;

    private record Entry(String value, long modifyIndex) {
    }

    KvServer() throws IOException {
        this(0);
    }

    KvServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/kv/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    synchronized long put(String key, String value) {
        entries.put(key, new Entry(value, ++index));
        notifyAll();
        return index;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestURI().getPath().substring("/v1/kv/".length());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        try {
            if ("PUT".equals(exchange.getRequestMethod())) {
                long at = put(key, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                respond(exchange, 200, at, "true");
                return;
            }
            long minIndex = Long.parseLong(query.getOrDefault("index", "0"));
            String wait = query.getOrDefault("wait", "5m");
            long waitMillis = wait.endsWith("ms") ? Long.parseLong(wait.substring(0, wait.length() - 2))
                    : wait.endsWith("s") ? Long.parseLong(wait.substring(0, wait.length() - 1)) * 1000
                    : Long.parseLong(wait.substring(0, wait.length() - 1)) * 60_000;
            String body;
            long at;
            synchronized (this) {
                long deadline = System.currentTimeMillis() + waitMillis;
                while (minIndex > 0 && indexOf(key) <= minIndex && System.currentTimeMillis() < deadline) {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                }
                at = Math.max(1, indexOf(key));
                StringJoiner json = new StringJoiner(",", "[", "]");
                entries.subMap(key, key + Character.MAX_VALUE).forEach((k, e) -> json.add("{\"Key\":\"" + k
                        + "\",\"Value\":\"" + Base64.getEncoder().encodeToString(e.value().getBytes(StandardCharsets.UTF_8))
                        + "\",\"Flags\":0,\"CreateIndex\":" + e.modifyIndex() + ",\"ModifyIndex\":" + e.modifyIndex()
                        + ",\"LockIndex\":0}"));
                body = json.length() > 2 ? json.toString() : null;
            }
            respond(exchange, body == null ? 404 : 200, at, body == null ? "" : body);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            respond(exchange, 500, index, "");
        }
    }

    /** Consul: the highest ModifyIndex under the prefix. */
    private long indexOf(String prefix) {
        return entries.subMap(prefix, prefix + Character.MAX_VALUE).values().stream()
                .mapToLong(Entry::modifyIndex).max().orElse(0);
    }

    private static void respond(HttpExchange exchange, int status, long index, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("X-Consul-Index", Long.toString(index));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
