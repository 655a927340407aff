package dev.suite.consensus.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Consul's autopilot server health, computed from the leader's view of replication. A server is healthy when the
 * leader heard from it within {@code lastContactThreshold} and it trails the leader's last index by at most
 * {@code maxTrailingLogs} entries (Consul's two autopilot criteria; the leader itself is healthy). Pure apart from
 * the memory of when each server's health last changed ({@code StableSince}), which this object keeps.
 */
public final class AutopilotHealth {

    /** Consul's {@code /v1/operator/autopilot/health} answer. */
    public record Reply(
            @JsonProperty("Healthy") boolean healthy,
            @JsonProperty("FailureTolerance") int failureTolerance,
            @JsonProperty("Servers") List<Server> servers) {
    }

    /** One server of that answer, with Consul's field names. */
    public record Server(
            @JsonProperty("ID") String id,
            @JsonProperty("Name") String name,
            @JsonProperty("Address") String address,
            @JsonProperty("Leader") boolean leader,
            @JsonProperty("Voter") boolean voter,
            @JsonProperty("Healthy") boolean healthy,
            @JsonProperty("LastContact") String lastContact,
            @JsonProperty("LastTerm") long lastTerm,
            @JsonProperty("LastIndex") long lastIndex,
            @JsonProperty("StableSince") Instant stableSince) {
    }

    private record Observed(boolean healthy, Instant since) {
    }

    private final Duration lastContactThreshold;
    private final long maxTrailingLogs;
    private final Map<String, Observed> observed = new HashMap<>();

    public AutopilotHealth(Duration lastContactThreshold, long maxTrailingLogs) {
        this.lastContactThreshold = lastContactThreshold;
        this.maxTrailingLogs = maxTrailingLogs;
    }

    /**
     * @param members  the configuration (voters and listeners)
     * @param leader   the leader's view of replication
     * @param termAt   term of a log entry by index, 0 when unknown
     */
    public synchronized Reply evaluate(List<RaftMember> members, LeaderView leader,
                                       java.util.function.LongUnaryOperator termAt, Instant now) {
        Map<String, LeaderView.FollowerProgress> progress = new HashMap<>();
        leader.followers().forEach(f -> progress.put(f.id(), f));
        List<Server> servers = new ArrayList<>();
        int voters = 0;
        int healthyVoters = 0;
        for (RaftMember member : members) {
            boolean isLeader = member.id().equals(leader.leaderId());
            long lastIndex;
            long lastTerm;
            long contactMs;
            boolean healthy;
            if (isLeader) {
                lastIndex = leader.lastIndex();
                lastTerm = leader.lastTerm();
                contactMs = 0;
                healthy = true;
            } else {
                LeaderView.FollowerProgress follower = progress.get(member.id());
                lastIndex = follower == null ? 0 : follower.commitIndex();
                lastTerm = follower == null ? 0 : termAt.applyAsLong(lastIndex);
                contactMs = follower == null ? -1 : follower.lastContactMs();
                healthy = follower != null && contactMs <= lastContactThreshold.toMillis()
                        && lastIndex + maxTrailingLogs >= leader.lastIndex();
            }
            Instant since = stableSince(member.id(), healthy,
                    isLeader ? now.minusMillis(leader.leaderForMs()) : now, now);
            servers.add(new Server(member.id(), member.id(), member.address(), isLeader, member.voter(), healthy,
                    contactMs < 0 ? "never" : contactMs + "ms", lastTerm, lastIndex, since));
            if (member.voter()) {
                voters++;
                healthyVoters += healthy ? 1 : 0;
            }
        }
        observed.keySet().retainAll(members.stream().map(RaftMember::id).toList());
        int quorum = voters / 2 + 1;
        boolean allHealthy = servers.stream().allMatch(Server::healthy);
        return new Reply(allHealthy, Math.max(0, healthyVoters - quorum), servers);
    }

    /** When this server's health last changed, as this node observed it (the first observation counts as a change). */
    private Instant stableSince(String id, boolean healthy, Instant firstSeen, Instant now) {
        Observed before = observed.get(id);
        if (before == null || before.healthy() != healthy) {
            Instant since = before == null ? firstSeen : now;
            observed.put(id, new Observed(healthy, since));
            return since;
        }
        return before.since();
    }
}
