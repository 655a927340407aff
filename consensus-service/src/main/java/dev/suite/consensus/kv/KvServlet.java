package dev.suite.consensus.kv;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.UriUtils;

import dev.suite.consensus.web.AclInterceptor;
import dev.suite.consensus.web.BadRequestException;
import dev.suite.consensus.web.ConsulParams;
import dev.suite.consensus.web.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consul's KV endpoints, {@code /v1/kv/*}: same paths, parameters, JSON fields and headers.
 *
 * <p>A plain servlet rather than a Spring MVC controller because this is the hot path. A JFR
 * profile of the leader under 64-connection PUT load had about 60% of its CPU in Tomcat, filters
 * and Spring MVC dispatch, MVC alone 43% (handler lookup 8%, argument resolution 7%, writing the
 * {@code ResponseEntity} through message converters 14%), against 6% in the controller and 17% in
 * the whole Raft side. Here a request costs a switch on the method, a few {@code getParameter}
 * calls and one write with the application's Jackson mapper. Status and operator endpoints stay in
 * MVC; the servlet filters still apply, and with them the {@code http.server.requests} metrics when enabled.
 * Tomcat runs requests on virtual threads, so a blocking query simply blocks its thread.
 */
public final class KvServlet extends HttpServlet {

    public static final String INDEX_HEADER = "X-Consul-Index";
    private static final String PATH = "/v1/kv";
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    /** One key as Consul's JSON shows it. */
    public record KvPair(
            @JsonProperty("LockIndex") long lockIndex,
            @JsonProperty("Key") String key,
            @JsonProperty("Flags") long flags,
            @JsonProperty("Value") String value,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {

        static KvPair of(KvEntry entry) {
            String value = entry.value().length == 0 ? null : Base64.getEncoder().encodeToString(entry.value());
            return new KvPair(0, entry.key(), entry.flags(), value, entry.createIndex(), entry.modifyIndex());
        }
    }

    private final KvService kv;
    private final BlockingQuery blocking;
    private final JsonMapper json;
    private final AclInterceptor acl;

    /** @param acl the token check, or null when no ACL token is configured */
    public KvServlet(KvService kv, JsonMapper json, AclInterceptor acl) {
        this.kv = kv;
        this.blocking = new BlockingQuery(kv.changes());
        this.json = json;
        this.acl = acl;
    }

    /** X-Consul-Index for an index: Consul never answers 0. */
    public static String consulIndex(long index) {
        return Long.toString(Math.max(1, index));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        // When request metrics are enabled: the same low-cardinality uri tag as the MVC mapping had.
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(PATH + "/{*key}"));
        try {
            if (acl != null) {
                acl.check(request);
            }
            switch (request.getMethod()) {
                case "GET", "HEAD" -> read(request, response);
                case "PUT" -> write(request, response);
                case "DELETE" -> delete(request, response);
                default -> {
                    response.setHeader("Allow", "GET, HEAD, PUT, DELETE");
                    throw new BadRequestException(HttpStatus.METHOD_NOT_ALLOWED,
                            request.getMethod() + " is not supported on " + PATH + "/");
                }
            }
        } catch (RuntimeException e) {
            ProblemDetail problem = Problems.of(e);
            if (problem == null) {
                throw e;
            }
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setHeader(INDEX_HEADER, consulIndex(kv.view().index("")));
            send(response, problem.getStatus(), "application/problem+json", problem);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException(e);
        }
    }

    private void read(HttpServletRequest request, HttpServletResponse response)
            throws IOException, InterruptedException {
        String name = keyOf(request);
        String recurse = request.getParameter("recurse");
        String keys = request.getParameter("keys");
        if (name.isEmpty() && recurse == null && keys == null) {
            throw new BadRequestException("missing key name");
        }
        checkKey(name);
        Long minIndex = ConsulParams.unsignedLong("index", request.getParameter("index"));
        Duration wait = ConsulParams.duration("wait", request.getParameter("wait"));
        if (request.getParameter("stale") == null) {
            kv.awaitLinearizable();
        }
        String separator = request.getParameter("separator");
        KvView view = kv.view();
        BlockingQuery.Result<Object> result = blocking.run(minIndex == null ? 0 : minIndex, wait, () -> {
            long at = view.index(name);
            if (keys != null) {
                List<String> found = view.keys(name, separator);
                return new BlockingQuery.Result<>(found.isEmpty() ? null : found, at);
            }
            if (recurse != null) {
                List<KvPair> found = view.list(name).stream().map(KvPair::of).toList();
                return new BlockingQuery.Result<>(found.isEmpty() ? null : found, at);
            }
            return new BlockingQuery.Result<>(view.get(name).orElse(null), at);
        });
        response.setHeader(INDEX_HEADER, consulIndex(result.index()));
        response.setHeader("X-Consul-KnownLeader", "true");
        if (result.body() == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        } else if (result.body() instanceof KvEntry entry && request.getParameter("raw") != null) {
            response.setContentType("application/octet-stream");
            response.setContentLength(entry.value().length);
            response.getOutputStream().write(entry.value());
        } else if (result.body() instanceof KvEntry entry) {
            send(response, 200, "application/json", List.of(KvPair.of(entry)));
        } else {
            send(response, 200, "application/json", result.body());
        }
    }

    private void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = keyOf(request);
        if (name.isEmpty()) {
            throw new BadRequestException("missing key name");
        }
        checkKey(name);
        if (request.getParameter("acquire") != null || request.getParameter("release") != null) {
            throw new BadRequestException("sessions (acquire/release) are not supported");
        }
        Long cas = ConsulParams.unsignedLong("cas", request.getParameter("cas"));
        Long flags = ConsulParams.unsignedLong("flags", request.getParameter("flags"));
        byte[] value = body(request);
        boolean done = kv.write(new KvCommand.Put(name, value, flags == null ? 0 : flags, cas));
        response.setHeader(INDEX_HEADER, consulIndex(kv.view().index("")));
        answer(response, done);
    }

    private void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = keyOf(request);
        boolean recurse = request.getParameter("recurse") != null;
        if (name.isEmpty() && !recurse) {
            throw new BadRequestException("missing key name");
        }
        checkKey(name);
        Long cas = ConsulParams.unsignedLong("cas", request.getParameter("cas"));
        if (recurse && cas != null) {
            throw new BadRequestException("'cas' cannot be combined with 'recurse'");
        }
        boolean done = kv.write(new KvCommand.Delete(name, recurse, cas));
        response.setHeader(INDEX_HEADER, consulIndex(kv.view().index("")));
        answer(response, done);
    }

    /**
     * A write's answer, {@code true} or {@code false}, written as bytes: going through the JSON mapper for one
     * boolean was 19% of the leader's request-thread CPU under put load.
     */
    private static void answer(HttpServletResponse response, boolean done) throws IOException {
        byte[] body = done ? TRUE : FALSE;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void send(HttpServletResponse response, int status, String contentType, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        json.writeValue(response.getOutputStream(), body);
    }

    /**
     * The key as the client sent it, percent-decoded from the raw request path: Tomcat's mapping
     * path has dot segments resolved and ';' parameters removed, so {@code PUT /v1/kv/a/../b}
     * would write {@code b} and {@code PUT /v1/kv/a;b} would write {@code a}. Consul keeps the key
     * whole, and {@code ..} is refused by {@link KeyRules}.
     */
    private static String keyOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            // For example /v1/./kv/x or /v1//kv/x, which Tomcat maps here after normalizing.
            throw new BadRequestException("the path must start with " + PATH + "/ as sent, got " + path);
        }
        String key = UriUtils.decode(path.substring(PATH.length()), StandardCharsets.UTF_8);
        return key.startsWith("/") ? key.substring(1) : key;
    }

    private static void checkKey(String key) {
        String problem = KeyRules.problemWith(key);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
    }

    /** Reads at most the value limit (plus one byte to notice more), whatever Content-Length says. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        if (length > KeyRules.MAX_VALUE_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            if (length >= 0) {
                // Read into an array of the announced size: readNBytes(limit) starts with a 16 KB buffer, most of
                // what a put allocated besides Raft. The container ends the stream at Content-Length.
                byte[] value = new byte[(int) length];
                int read = in.readNBytes(value, 0, value.length);
                return read == value.length ? value : java.util.Arrays.copyOf(value, read);
            }
            byte[] value = in.readNBytes(KeyRules.MAX_VALUE_BYTES + 1);
            if (value.length > KeyRules.MAX_VALUE_BYTES) {
                throw tooLarge();
            }
            return value;
        }
    }

    private static BadRequestException tooLarge() {
        return new BadRequestException(HttpStatus.CONTENT_TOO_LARGE,
                "value exceeds the " + KeyRules.MAX_VALUE_BYTES + " byte limit");
    }
}
