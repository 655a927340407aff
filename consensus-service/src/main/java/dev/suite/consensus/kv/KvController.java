package dev.suite.consensus.kv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import dev.suite.consensus.web.BadRequestException;
import dev.suite.consensus.web.ConsulParams;

/** Consul's KV endpoints: same paths, parameters, JSON fields and headers. */
@RestController
public class KvController {

    static final String INDEX_HEADER = "X-Consul-Index";

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

    public KvController(KvService kv) {
        this.kv = kv;
        this.blocking = new BlockingQuery(kv.changes());
    }

    @GetMapping("/v1/kv/{*key}")
    public ResponseEntity<?> read(@RequestParam(required = false) String raw,
                                  @RequestParam(required = false) String recurse,
                                  @RequestParam(required = false) String keys,
                                  @RequestParam(required = false) String separator,
                                  @RequestParam(required = false) String index,
                                  @RequestParam(required = false) String wait,
                                  @RequestParam(required = false) String stale,
                                  HttpServletRequest request,
                                  HttpServletResponse response) throws InterruptedException {
        String name = keyOf(request);
        boolean listing = recurse != null || keys != null;
        if (name.isEmpty() && !listing) {
            throw new BadRequestException("missing key name");
        }
        checkKey(name);
        Long minIndex = ConsulParams.unsignedLong("index", index);
        Duration waitFor = ConsulParams.duration("wait", wait);
        if (stale == null) {
            kv.awaitLinearizable();
        }
        KvView view = kv.view();
        BlockingQuery.Result<Object> result = blocking.run(minIndex == null ? 0 : minIndex, waitFor, () -> {
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
        response.setHeader(INDEX_HEADER, Long.toString(Math.max(1, result.index())));
        response.setHeader("X-Consul-KnownLeader", "true");
        if (result.body() == null) {
            return ResponseEntity.notFound().build();
        }
        if (result.body() instanceof KvEntry entry) {
            if (raw != null) {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(entry.value());
            }
            return ResponseEntity.ok(List.of(KvPair.of(entry)));
        }
        return ResponseEntity.ok(result.body());
    }

    @PutMapping("/v1/kv/{*key}")
    public ResponseEntity<Boolean> write(@RequestParam(required = false) String cas,
                                         @RequestParam(required = false) String flags,
                                         @RequestParam(required = false) String acquire,
                                         @RequestParam(required = false) String release,
                                         HttpServletRequest request,
                                         HttpServletResponse response) throws IOException {
        String name = keyOf(request);
        if (name.isEmpty()) {
            throw new BadRequestException("missing key name");
        }
        checkKey(name);
        if (acquire != null || release != null) {
            throw new BadRequestException("sessions (acquire/release) are not supported");
        }
        Long casIndex = ConsulParams.unsignedLong("cas", cas);
        Long flagValue = ConsulParams.unsignedLong("flags", flags);
        byte[] value = body(request);
        boolean done = kv.write(new KvCommand.Put(name, value, flagValue == null ? 0 : flagValue, casIndex));
        response.setHeader(INDEX_HEADER, Long.toString(Math.max(1, kv.view().index(""))));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(done);
    }

    @DeleteMapping("/v1/kv/{*key}")
    public ResponseEntity<Boolean> delete(@RequestParam(required = false) String recurse,
                                          @RequestParam(required = false) String cas,
                                          HttpServletRequest request,
                                          HttpServletResponse response) {
        String name = keyOf(request);
        if (name.isEmpty() && recurse == null) {
            throw new BadRequestException("missing key name");
        }
        checkKey(name);
        Long casIndex = ConsulParams.unsignedLong("cas", cas);
        if (recurse != null && casIndex != null) {
            throw new BadRequestException("'cas' cannot be combined with 'recurse'");
        }
        boolean done = kv.write(new KvCommand.Delete(name, recurse != null, casIndex));
        response.setHeader(INDEX_HEADER, Long.toString(Math.max(1, kv.view().index(""))));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(done);
    }

    /**
     * The key as the client sent it, percent-decoded from the raw request path. Not the path
     * variable: Spring's path matching drops everything after a ';' in a segment ("matrix
     * variables"), so {@code PUT /v1/kv/a;b} would write the key {@code a}. Consul keeps it whole.
     */
    private static String keyOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/v1/kv".length());
        String key = UriUtils.decode(path, StandardCharsets.UTF_8);
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
        long declared = request.getContentLengthLong();
        if (declared > KeyRules.MAX_VALUE_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
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
