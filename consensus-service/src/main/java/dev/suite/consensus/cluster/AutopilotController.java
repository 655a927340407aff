package dev.suite.consensus.cluster;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.suite.consensus.kv.ConsensusUnavailableException;

/**
 * Consul's {@code /v1/operator/autopilot/health} (the whole cluster, from the leader's view, on every node) and the
 * Raft part of {@code /v1/agent/self} (this node's own state, as Consul's {@code Stats.raft}).
 */
@RestController
public class AutopilotController {

    /** Consul's maximum number of log entries a healthy server may trail the leader by (its default). */
    static final long MAX_TRAILING_LOGS = 250;

    /** The subset of Consul's {@code /v1/agent/self} that a Raft node can fill honestly. */
    public record AgentSelf(@JsonProperty("Config") Map<String, Object> config,
                            @JsonProperty("Stats") Map<String, Map<String, String>> stats) {
    }

    private final ClusterOperations cluster;
    private final AutopilotHealth health;

    public AutopilotController(ClusterOperations cluster, ConsensusProperties settings) {
        this.cluster = cluster;
        // Ratis heartbeats every half minimum election timeout; a follower unheard of for the maximum would campaign.
        this.health = new AutopilotHealth(settings.electionTimeoutMax(), MAX_TRAILING_LOGS);
    }

    @GetMapping("/v1/operator/autopilot/health")
    public AutopilotHealth.Reply autopilotHealth() {
        LeaderView leader = cluster.leaderView()
                .orElseThrow(() -> new ConsensusUnavailableException("No cluster leader"));
        return health.evaluate(cluster.members(), leader, cluster::termAt, Instant.now());
    }

    @GetMapping("/v1/agent/self")
    public AgentSelf self() {
        NodeState state = cluster.localState();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("NodeName", state.id());
        config.put("NodeID", state.id());
        config.put("Server", true);
        config.put("Datacenter", "dc1");
        Map<String, String> raft = new LinkedHashMap<>();
        raft.put("state", consulState(state.role()));
        raft.put("term", Long.toString(state.term()));
        raft.put("last_log_index", Long.toString(state.lastLogIndex()));
        raft.put("last_log_term", Long.toString(state.lastLogTerm()));
        raft.put("commit_index", Long.toString(state.commitIndex()));
        raft.put("applied_index", Long.toString(state.appliedIndex()));
        raft.put("last_snapshot_index", Long.toString(state.snapshotIndex()));
        raft.put("num_peers", Long.toString(Math.max(0, cluster.members().stream().filter(RaftMember::voter).count() - 1)));
        raft.put("leader_id", state.leaderId() == null ? "" : state.leaderId());
        raft.put("role_elapsed_ms", Long.toString(state.roleElapsedMs()));
        return new AgentSelf(config, Map.of("raft", raft));
    }

    /** Consul (hashicorp/raft) names the states Leader, Follower, Candidate; Ratis adds Listener. */
    private static String consulState(String ratisRole) {
        return ratisRole.isEmpty() ? ratisRole : ratisRole.charAt(0) + ratisRole.substring(1).toLowerCase();
    }
}
