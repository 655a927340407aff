package dev.suite.console.raft;

import java.time.Instant;
import java.util.List;

/**
 * The Raft view's state: each configured node as it describes itself ({@code /v1/agent/self}), the cluster's
 * autopilot health (from whichever node answers), the leader and the leader changes seen.
 */
public record RaftState(List<Node> nodes, Health health, String healthError, String leader, List<LeaderChange> timeline) {

    /**
     * One configured node; {@code error} set (and the figures 0) when it did not answer.
     */
    public record Node(String url, String id, boolean reachable, String error, String state, long term,
                       long lastLogIndex, long commitIndex, long appliedIndex, String leaderId) {
    }

    public record Health(boolean healthy, int failureTolerance, List<Server> servers) {
    }

    public record Server(String id, String address, boolean leader, boolean voter, boolean healthy, String lastContact,
                         long lastTerm, long lastIndex, String stableSince) {
    }

    /** A leader change the console observed: {@code from} null at the first observation, {@code to} null while none. */
    public record LeaderChange(Instant at, String from, String to, long term) {
    }
}
