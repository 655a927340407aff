package dev.suite.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A raw HTTP client for the Consul API, so tests see status codes, headers and bodies exactly as sent. */
public class ConsulHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    public ConsulHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public long index() {
            return Long.parseLong(raw.headers().firstValue("X-Consul-Index").orElseThrow());
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply put(String path) {
        return put(path, "", Map.of());
    }

    public Reply put(String path, String body) {
        return put(path, body, Map.of());
    }

    public Reply put(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void register(String json) {
        Reply reply = put("/v1/agent/service/register", json);
        if (reply.status() != 200) {
            throw new IllegalStateException("register failed: " + reply.status() + " " + reply.body());
        }
    }

    public List<String> serviceIds() {
        return List.copyOf(get("/v1/agent/services").json().propertyNames());
    }

    public void deregisterAll() {
        for (String id : serviceIds()) {
            put("/v1/agent/service/deregister/" + id);
        }
    }
}
