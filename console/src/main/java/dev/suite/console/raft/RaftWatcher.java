package dev.suite.console.raft;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.EventHub;
import tools.jackson.databind.JsonNode;

/**
 * Asks every configured consensus node for its own Raft state and one of them for the cluster's autopilot health,
 * every {@code console.raft-interval} (these endpoints have no blocking query). Publishes a {@code raft} event when
 * anything but the last-contact times changed, and keeps the timeline of leader changes it saw.
 */
@Component
public class RaftWatcher {

    private static final int TIMELINE = 50;

    private final ConsulHttp http;
    private final EventHub events;
    private final ConsoleProperties settings;
    private final Deque<RaftState.LeaderChange> timeline = new ArrayDeque<>();
    private volatile RaftState last;
    private String lastSignature;
    private String leader;
    private String lastKnownLeader;
    private boolean leaderSeen;

    public RaftWatcher(ConsulHttp http, EventHub events, ConsoleProperties settings) {
        this.http = http;
        this.events = events;
        this.settings = settings;
    }

    public Optional<RaftState> last() {
        return Optional.ofNullable(last);
    }

    @Scheduled(fixedDelayString = "${console.raft-interval:1s}", initialDelay = 200)
    public synchronized void refresh() {
        if (settings.consensusNodes().isEmpty()) {
            return;
        }
        List<RaftState.Node> nodes = new ArrayList<>();
        for (URI url : settings.consensusNodes()) {
            nodes.add(describe(url));
        }
        RaftState.Health health = null;
        String healthError = null;
        for (RaftState.Node node : nodes) {
            if (!node.reachable()) {
                continue;
            }
            try {
                ConsulHttp.Answer answer = http.get(URI.create(node.url()), "/v1/operator/autopilot/health?stale");
                if (answer.ok()) {
                    health = health(http.parse(answer.body()));
                    healthError = null;
                    break;
                }
                healthError = node.id() + " answered " + answer.status() + ": " + detail(answer.body());
            } catch (IOException | RuntimeException e) {
                healthError = node.id() + ": " + e.getMessage();
            }
        }
        if (health == null && healthError == null) {
            healthError = "no consensus node answered";
        }
        String now = health == null ? null : health.servers().stream().filter(RaftState.Server::leader)
                .map(RaftState.Server::id).findFirst().orElse(null);
        // The timeline goes from one known leader to the next: a poll in the middle of an election (or of a transfer)
        // sees no leader, and recording that would split one change into "n3 -> none" and "none -> n1".
        if (now != null && (!leaderSeen || !Objects.equals(now, lastKnownLeader))) {
            long term = nodes.stream().mapToLong(RaftState.Node::term).max().orElse(0);
            timeline.addLast(new RaftState.LeaderChange(Instant.now(), leaderSeen ? lastKnownLeader : null, now, term));
            while (timeline.size() > TIMELINE) {
                timeline.removeFirst();
            }
            lastKnownLeader = now;
            leaderSeen = true;
        }
        leader = now;
        RaftState state = new RaftState(nodes, health, healthError, leader, List.copyOf(timeline));
        last = state;
        String signature = signature(state);
        if (!signature.equals(lastSignature)) {
            lastSignature = signature;
            events.publish("raft", state);
        }
    }

    private RaftState.Node describe(URI url) {
        try {
            ConsulHttp.Answer answer = http.get(url, "/v1/agent/self");
            if (!answer.ok()) {
                return unreachable(url, "answered " + answer.status());
            }
            JsonNode self = http.parse(answer.body());
            JsonNode raft = self.path("Stats").path("raft");
            return new RaftState.Node(url.toString(), self.path("Config").path("NodeName").asText(), true, null,
                    raft.path("state").asText(), number(raft, "term"), number(raft, "last_log_index"),
                    number(raft, "commit_index"), number(raft, "applied_index"), raft.path("leader_id").asText(null));
        } catch (IOException | RuntimeException e) {
            return unreachable(url, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static RaftState.Node unreachable(URI url, String error) {
        return new RaftState.Node(url.toString(), null, false, "unreachable: " + error, null, 0, 0, 0, 0, null);
    }

    private static long number(JsonNode raft, String field) {
        try {
            return Long.parseLong(raft.path(field).asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static RaftState.Health health(JsonNode body) {
        List<RaftState.Server> servers = new ArrayList<>();
        for (JsonNode server : body.path("Servers")) {
            servers.add(new RaftState.Server(server.path("ID").asText(), server.path("Address").asText(),
                    server.path("Leader").asBoolean(), server.path("Voter").asBoolean(),
                    server.path("Healthy").asBoolean(), server.path("LastContact").asText(),
                    server.path("LastTerm").asLong(), server.path("LastIndex").asLong(),
                    server.path("StableSince").asText()));
        }
        return new RaftState.Health(body.path("Healthy").asBoolean(), body.path("FailureTolerance").asInt(), servers);
    }

    private String detail(String body) {
        try {
            return http.parse(body).path("detail").asText(body);
        } catch (RuntimeException e) {
            return body;
        }
    }

    /** Everything but the times that change at every poll. */
    private static String signature(RaftState state) {
        StringBuilder text = new StringBuilder();
        state.nodes().forEach(n -> text.append(n).append('|'));
        text.append(state.healthError()).append(state.leader()).append(state.timeline().size());
        if (state.health() != null) {
            text.append(state.health().healthy()).append(state.health().failureTolerance());
            state.health().servers().forEach(s -> text.append(s.id()).append(s.leader()).append(s.healthy())
                    .append(s.lastIndex()).append(s.lastTerm()));
        }
        return text.toString();
    }
}
