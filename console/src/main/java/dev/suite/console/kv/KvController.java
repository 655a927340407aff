package dev.suite.console.kv;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.balancing.PolicySwitches;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.web.BadRequestException;
import dev.suite.console.web.ConflictException;
import dev.suite.console.web.UpstreamException;

/**
 * The configuration view's writes: always a check-and-set ({@code ?cas=<ModifyIndex read>}), so a concurrent change
 * is reported as a 409 conflict with the value now stored, never overwritten. A rollback is the same write with the
 * old value and the index of the change being undone.
 */
@RestController
class KvController {

    private static final int MAX_VALUE = 512 * 1024;

    private final KvWatcher watcher;
    private final ConsulHttp http;
    private final ConsoleProperties settings;
    private final PolicySwitches policySwitches;

    KvController(KvWatcher watcher, ConsulHttp http, ConsoleProperties settings, PolicySwitches policySwitches) {
        this.watcher = watcher;
        this.http = http;
        this.settings = settings;
        this.policySwitches = policySwitches;
    }

    @GetMapping("/api/kv")
    Map<String, KvEntry> tree() {
        return watcher.tree();
    }

    @PutMapping("/api/kv")
    Map<String, Object> save(@RequestParam String key, @RequestParam long cas,
                             @RequestBody(required = false) String value,
                             @RequestHeader(value = "X-Consul-Token", required = false) String token) {
        validate(key);
        if (cas < 0) {
            throw new BadRequestException("cas must be 0 (create only) or the ModifyIndex that was read");
        }
        String body = value == null ? "" : value;
        if (body.length() > MAX_VALUE) {
            throw new BadRequestException(HttpStatus.CONTENT_TOO_LARGE, "value over 512 KiB");
        }
        ConsulHttp.Answer answer;
        long sentMillis = System.currentTimeMillis();
        try {
            answer = http.put(settings.registry(), "/v1/kv/" + KvWatcher.encodePath(key) + "?cas=" + cas, body, token);
        } catch (IOException e) {
            throw new UpstreamException("KV unreachable: " + e.getMessage());
        }
        if (answer.status() == 403) {
            throw new BadRequestException(HttpStatus.FORBIDDEN, "the token was refused: " + answer.body());
        }
        if (!answer.ok()) {
            throw new UpstreamException("KV answered " + answer.status() + ": " + answer.body());
        }
        if (!"true".equals(answer.body().trim())) {
            throw new ConflictException("'" + key + "' changed since index " + cas + "; nothing was written",
                    current(key));
        }
        // A load-balancing policy: followed until every instance reports it applied (the chart's marks).
        policySwitches.written(key, body, sentMillis, System.currentTimeMillis());
        return Map.of("key", key, "saved", true);
    }

    /** The value stored now, for the conflict answer (null when the key is absent). */
    private KvEntry current(String key) {
        try {
            ConsulHttp.Answer answer = http.get(settings.registry(), "/v1/kv/" + KvWatcher.encodePath(key));
            if (answer.status() == 404) {
                return null;
            }
            return KvWatcher.parse(http.parse(answer.body())).get(key);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void validate(String key) {
        if (!key.startsWith(settings.kvPrefix()) || key.length() == settings.kvPrefix().length()) {
            throw new BadRequestException("key must be under " + settings.kvPrefix());
        }
        if (key.length() > 512 || key.contains("..") || key.endsWith("/") || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BadRequestException("invalid key: no '..', no control characters, no trailing '/', at most 512 characters");
        }
    }
}
