package dev.suite.console.consul;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.suite.console.ConsoleProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's one HTTP client. Callers name a base address they took from configuration or the catalog and a
 * fixed path; nothing here forwards a path or an address that a browser chose.
 */
@Component
public class ConsulHttp {

    /** One answer: status, body, and Consul's {@code X-Consul-Index} (0 when absent). */
    public record Answer(int status, String body, long index) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final JsonMapper json;
    private final Duration timeout;

    public ConsulHttp(JsonMapper json, ConsoleProperties settings) {
        this.json = json;
        this.timeout = settings.requestTimeout();
    }

    public Answer get(URI base, String pathAndQuery) throws IOException {
        return get(base, pathAndQuery, timeout);
    }

    public Answer get(URI base, String pathAndQuery, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET(), null);
    }

    public Answer put(URI base, String pathAndQuery, String body, String token) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout)
                .PUT(HttpRequest.BodyPublishers.ofString(body == null ? "" : body, StandardCharsets.UTF_8)), token);
    }

    public Answer post(URI base, String pathAndQuery, String token, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    public JsonNode parse(String body) {
        return json.readTree(body);
    }

    private Answer send(HttpRequest.Builder request, String token) throws IOException {
        if (token != null && !token.isBlank()) {
            request.header("X-Consul-Token", token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            long index = response.headers().firstValue("X-Consul-Index").flatMap(ConsulHttp::parseLong).orElse(0L);
            return new Answer(response.statusCode(), response.body(), index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
