package dev.suite.console.kv;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.EventHub;
import tools.jackson.databind.JsonNode;

/**
 * Follows the KV tree under {@code console.kv-prefix} with a recursive blocking query at the registry's address
 * (which forwards KV to the consensus cluster, as a Consul agent forwards to its servers). Publishes the tree as a
 * {@code kv} state and each difference from the previous answer as a {@code kv-change} event.
 */
@Component
public class KvWatcher implements SmartLifecycle {

    private final ConsulHttp http;
    private final EventHub events;
    private final ConsoleProperties settings;
    private volatile Map<String, KvEntry> tree;
    private volatile String error;
    private volatile boolean running;
    private Thread watch;

    public KvWatcher(ConsulHttp http, EventHub events, ConsoleProperties settings) {
        this.http = http;
        this.events = events;
        this.settings = settings;
    }

    public Map<String, KvEntry> tree() {
        Map<String, KvEntry> now = tree;
        return now == null ? Map.of() : now;
    }

    @Override
    public void start() {
        running = true;
        watch = new Thread(this::follow, "watch-kv");
        watch.setDaemon(true);
        watch.start();
    }

    private void follow() {
        long index = 0;
        String path = "/v1/kv/" + encodePath(settings.kvPrefix()) + "?recurse";
        while (running) {
            try {
                ConsulHttp.Answer answer = http.get(settings.registry(), path + "&index=" + index + "&wait="
                        + settings.blockingWait().toSeconds() + "s", settings.blockingWait().plusSeconds(10));
                if (answer.status() != 200 && answer.status() != 404) {
                    throw new IOException("HTTP " + answer.status() + " " + answer.body());
                }
                index = answer.index() < index ? 0 : answer.index();
                Map<String, KvEntry> next = answer.status() == 404 ? Map.of() : parse(http.parse(answer.body()));
                update(next, null);
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                update(tree, "KV at " + settings.registry() + " unreachable: " + e.getMessage());
                index = 0;
                try {
                    Thread.sleep(Duration.ofSeconds(2).toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private synchronized void update(Map<String, KvEntry> next, String problem) {
        Map<String, KvEntry> before = tree;
        if (next != null && before != null) {
            for (KvChange change : diff(before, next, Instant.now())) {
                events.publish("kv-change", change);
            }
        }
        boolean changed = !Objects.equals(before, next) || !Objects.equals(error, problem);
        if (next != null) {
            tree = next;
        }
        error = problem;
        if (changed) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("prefix", settings.kvPrefix());
            state.put("error", problem);
            state.put("entries", new ArrayList<>(tree().values()));
            events.publish("kv", state);
        }
    }

    static List<KvChange> diff(Map<String, KvEntry> before, Map<String, KvEntry> after, Instant at) {
        List<KvChange> changes = new ArrayList<>();
        for (KvEntry entry : after.values()) {
            KvEntry old = before.get(entry.key());
            if (old == null || old.modifyIndex() != entry.modifyIndex()) {
                changes.add(new KvChange(at, entry.key(), old == null ? null : old.value(), entry.value(),
                        old == null ? 0 : old.modifyIndex(), entry.modifyIndex()));
            }
        }
        for (KvEntry old : before.values()) {
            if (!after.containsKey(old.key())) {
                changes.add(new KvChange(at, old.key(), old.value(), null, old.modifyIndex(), 0));
            }
        }
        return changes;
    }

    static Map<String, KvEntry> parse(JsonNode entries) {
        Map<String, KvEntry> parsed = new TreeMap<>();
        for (JsonNode entry : entries) {
            String value = entry.path("Value").isNull() || entry.path("Value").isMissingNode() ? ""
                    : new String(Base64.getDecoder().decode(entry.path("Value").asText()), StandardCharsets.UTF_8);
            parsed.put(entry.path("Key").asText(), new KvEntry(entry.path("Key").asText(), value,
                    entry.path("ModifyIndex").asLong(), entry.path("Flags").asLong()));
        }
        return parsed;
    }

    /** A key as a URL path: each segment percent-encoded, the slashes kept. */
    public static String encodePath(String key) {
        String[] segments = key.split("/", -1);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    @Override
    public void stop() {
        running = false;
        if (watch != null) {
            watch.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
