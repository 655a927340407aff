package dev.suite.consensus.cluster;

import java.util.List;

/**
 * Replication progress as the leader reports it (its own Ratis division on the leader, Ratis' group-info RPC to the
 * leader elsewhere), so that every node answers with the same figures.
 *
 * @param lastIndex       the leader's last log index
 * @param lastTerm        the term of that entry
 * @param leaderForMs     how long it has led
 * @param followers       one entry per server the leader replicates to
 */
public record LeaderView(String leaderId, long term, long lastIndex, long lastTerm, long leaderForMs,
                         List<FollowerProgress> followers) {

    /**
     * @param commitIndex     the commit index the follower last reported to the leader (in its append replies)
     * @param lastContactMs   time since the leader last had an answer from it
     */
    public record FollowerProgress(String id, long commitIndex, long lastContactMs) {
    }
}
