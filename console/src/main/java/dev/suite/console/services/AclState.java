package dev.suite.console.services;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.EventHub;

/**
 * Whether the registry wants an ACL token for writes. Found by asking it to take a service that does not exist out
 * of maintenance without a token: 403 means a token is required; anything else (404) means not. Nothing changes
 * either way. Published as the {@code acl} state, so pages show data read-only until the user enters a token.
 */
@Component
class AclState {

    private final ConsulHttp http;
    private final EventHub events;
    private final ConsoleProperties settings;
    private final String probeId = "console-acl-probe-" + UUID.randomUUID();
    private volatile Boolean required;
    private long lastProbe;

    AclState(ConsulHttp http, EventHub events, ConsoleProperties settings) {
        this.http = http;
        this.events = events;
        this.settings = settings;
    }

    /** Every 2 s until the registry has answered once, then every 30 s. */
    @Scheduled(fixedDelay = 2_000, initialDelay = 500)
    void probe() {
        if (required != null && System.nanoTime() - lastProbe < 30_000_000_000L) {
            return;
        }
        lastProbe = System.nanoTime();
        Boolean now;
        try {
            now = http.put(settings.registry(), "/v1/agent/service/maintenance/" + probeId + "?enable=false", "", null)
                    .status() == 403;
        } catch (IOException e) {
            now = null;
        }
        if (now != null && !now.equals(required)) {
            required = now;
            events.publish("acl", Map.of("required", now));
        }
    }
}
