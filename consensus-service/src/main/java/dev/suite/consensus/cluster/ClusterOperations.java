package dev.suite.consensus.cluster;

import java.util.List;
import java.util.Optional;

/** What operators may see and change about the Raft cluster. */
public interface ClusterOperations {

    /** The leader as this node knows it, if any. */
    Optional<RaftMember> leader();

    /** The current configuration (voters and listeners) as this node knows it. */
    List<RaftMember> members();

    /** This node's own role, term and log positions. */
    NodeState localState();

    /**
     * The leader's view of replication (asked of the leader when this node does not lead), or empty while no leader
     * is known.
     */
    Optional<LeaderView> leaderView();

    /** Term of the entry at {@code index} in this node's log, or 0 when the log does not hold it (purged, not yet received). */
    long termAt(long index);

    /** Log index of the current configuration entry. */
    long configurationIndex();

    /** Adds a voter; it must be running with {@code suite.consensus.join=true}. */
    void addMember(String id, String address);

    void removeMember(String id);

    /** Moves leadership to the given voter. */
    void transferLeadership(String id);
}
