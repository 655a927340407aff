package dev.suite.consensus.cluster;

/** One server in the Raft configuration. */
public record RaftMember(String id, String address, boolean leader, boolean voter) {
}
