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

    AclState(ConsulHttp http, EventHub events, ConsoleProperties settings) {
        this.http = http;
        this.events = events;
        this.settings = settings;
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 500)
    void probe() {
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
