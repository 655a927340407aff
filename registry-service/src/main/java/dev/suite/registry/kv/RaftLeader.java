package dev.suite.registry.kv;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Which of the consensus-service nodes leads the Raft group, as each node's own {@code /v1/agent/self} says
 * ({@code Stats.raft.state}). KV requests go there first, as a Consul agent's requests end at the leader server:
 * the leader has applied an entry when it acknowledges it, while a follower applies it only once it has heard
 * of the commit, which Ratis may tell it as late as the next heartbeat (half the minimum election timeout,
 * 500 ms by default). A blocking query held by a follower therefore returned up to half a second after the
 * write that ended it; held by the leader, it returns as the write is applied.
 * <p>
 * Never on a request's path: the nodes are asked in the background, at most once per {@link #RECHECK}
 * while requests arrive, and again as soon as the leader known fails to answer.
 */
final class RaftLeader {

    /** How long an answer about the leader is trusted; a leadership transfer is noticed within it. */
    static final Duration RECHECK = Duration.ofSeconds(2);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);
    private static final int UNKNOWN = -1;

    private final List<URI> nodes;
    private final HttpClient client;
    private final ObjectMapper json;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile int leader = UNKNOWN;
    private volatile long askedAt = System.nanoTime() - RECHECK.toNanos();

    RaftLeader(List<URI> nodes, HttpClient client, ObjectMapper json) {
        this.nodes = nodes;
        this.client = client;
        this.json = json;
    }

    /** @return the index of the leading node if known, otherwise {@code fallback}; asks the nodes when due */
    int orElse(int fallback) {
        if (System.nanoTime() - askedAt >= RECHECK.toNanos()) {
            ask();
        }
        int known = leader;
        return known == UNKNOWN ? fallback : known;
    }

    /** The node did not answer as a leader would (refused, timed out, or no leader): ask again now. */
    void failed(int node) {
        if (leader == node) {
            leader = UNKNOWN;
            askedAt = System.nanoTime() - RECHECK.toNanos();
        }
    }

    private void ask() {
        if (!asking.compareAndSet(false, true)) {
            return;
        }
        askedAt = System.nanoTime();
        CompletableFuture<?>[] answers = new CompletableFuture<?>[nodes.size()];
        AtomicInteger found = new AtomicInteger(UNKNOWN);
        for (int i = 0; i < nodes.size(); i++) {
            int node = i;
            // ?stale: the consensus-service's ACL lets a stale read through without a token.
            HttpRequest request = HttpRequest.newBuilder(nodes.get(i).resolve("/v1/agent/self?stale"))
                    .timeout(ASK_TIMEOUT).build();
            answers[i] = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        if (response.statusCode() == 200 && leads(response.body())) {
                            found.set(node);
                        }
                    })
                    .exceptionally(unreachable -> null);
        }
        CompletableFuture.allOf(answers).whenComplete((done, never) -> {
            leader = found.get();
            asking.set(false);
        });
    }

    private boolean leads(String agentSelf) {
        try {
            JsonNode state = json.readTree(agentSelf).path("Stats").path("raft").path("state");
            return "Leader".equals(state.asString());
        } catch (RuntimeException notJson) {
            return false;
        }
    }
}
