package dev.suite.registry.kv;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.suite.registry.RegistryProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /v1/kv/**}: forwarded to the consensus-service cluster, as a Consul client agent forwards KV requests to
 * its servers. Any node would do (followers forward writes to the Raft leader), but requests go to the leader
 * first, as Consul's end at the leader server ({@link RaftLeader} says why); {@code ?stale} reads go to whichever
 * node answered last. A node that refuses the connection is skipped and the next one tried. The answer, its
 * status, {@code X-Consul-*} headers and body, goes back unchanged; blocking queries ({@code ?index=&wait=}) are
 * held open without holding a thread.
 */
@RestController
class KvForwardingController {

    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("X-Consul-Token", "Authorization", "Content-Type");

    private final List<URI> upstreams;
    private final Duration timeout;
    private final HttpClient client;
    /** The node that answered last; tried first when the leader is not known, and for stale reads. */
    private final AtomicInteger preferred = new AtomicInteger();
    private final RaftLeader leader;

    KvForwardingController(RegistryProperties properties, ObjectMapper json) {
        this.upstreams = properties.kv().upstreams();
        this.timeout = properties.kv().timeout();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.kv().connectTimeout())
                .build();
        this.leader = new RaftLeader(upstreams, client, json);
    }

    @RequestMapping("/v1/kv/**")
    CompletableFuture<ResponseEntity<byte[]>> forward(HttpServletRequest request,
            @RequestBody(required = false) byte[] body) {
        if (upstreams.isEmpty()) {
            return CompletableFuture.completedFuture(text(HttpStatus.NOT_IMPLEMENTED,
                    "KV API not available: no consensus-service node configured (registry.kv.upstreams)"));
        }
        String pathAndQuery = request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        boolean staleRead = "GET".equals(request.getMethod()) && request.getParameter("stale") != null;
        int first = staleRead ? preferred.get() : leader.orElse(preferred.get());
        return send(request, body == null ? new byte[0] : body, pathAndQuery, first, 0);
    }

    private CompletableFuture<ResponseEntity<byte[]>> send(HttpServletRequest request, byte[] body,
            String pathAndQuery, int first, int attempt) {
        int node = Math.floorMod(first + attempt, upstreams.size());
        HttpRequest.Builder builder = HttpRequest.newBuilder(upstreams.get(node).resolve(pathAndQuery))
                .method(request.getMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        if (!isBlockingQuery(request)) {
            builder.timeout(timeout);
        }
        for (String name : FORWARDED_REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                builder.header(name, value);
            }
        }
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    preferred.set(node);
                    if (response.statusCode() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                        leader.failed(node);
                    }
                    return relay(response);
                })
                .exceptionallyCompose(failure -> {
                    leader.failed(node);
                    // Only a refused or timed-out connection proves the request never reached the node, so only
                    // then is it safe to try another one (a write may otherwise be applied twice).
                    if (neverReachedTheNode(failure) && attempt + 1 < upstreams.size()) {
                        return send(request, body, pathAndQuery, first, attempt + 1);
                    }
                    // As a proxy does: 504 when the node did not answer in time, 502 when none could be reached.
                    // Not 503, which HTTP clients retry on their own (Apache HttpClient 5 after a 1 s pause, on
                    // every configuration import of a service whose KV store is down).
                    Throwable cause = rootCause(failure);
                    HttpStatus status = cause instanceof HttpTimeoutException
                            && !(cause instanceof HttpConnectTimeoutException)
                            ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
                    return CompletableFuture.completedFuture(text(status,
                            "No KV store reachable: consensus-service did not answer (" + cause(failure) + ")"));
                });
    }

    private static boolean isBlockingQuery(HttpServletRequest request) {
        return request.getParameter("index") != null;
    }

    private static boolean neverReachedTheNode(Throwable failure) {
        Throwable cause = rootCause(failure);
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
    }

    private static Throwable rootCause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String cause(Throwable failure) {
        Throwable cause = rootCause(failure);
        return cause instanceof IOException && cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static ResponseEntity<byte[]> relay(HttpResponse<byte[]> response) {
        HttpHeaders headers = new HttpHeaders();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-consul-") || lower.equals("content-type")) {
                headers.addAll(name, values);
            }
        });
        return ResponseEntity.status(response.statusCode()).headers(headers).body(response.body());
    }

    private static ResponseEntity<byte[]> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
