package dev.suite.consensus.cluster;

/**
 * This node's own Raft state, read from its Ratis division.
 *
 * @param role            LEADER, FOLLOWER, CANDIDATE or LISTENER (Ratis' role names)
 * @param lastLogIndex    index of the last entry in this node's log (0 when empty)
 * @param lastLogTerm     term of that entry
 * @param commitIndex     highest index this node knows to be committed
 * @param appliedIndex    highest index its state machine applied
 * @param snapshotIndex   index of its latest snapshot (0 when none)
 * @param leaderId        the leader this node follows, null when it knows none
 * @param roleElapsedMs   how long it has held its current role
 */
public record NodeState(String id, String role, long term, long lastLogIndex, long lastLogTerm, long commitIndex,
                        long appliedIndex, long snapshotIndex, String leaderId, long roleElapsedMs) {
}
