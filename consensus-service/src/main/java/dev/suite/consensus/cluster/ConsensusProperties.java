package dev.suite.consensus.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of one consensus node ({@code suite.consensus.*}); application.yml maps the container
 * environment variables (SUITE_NODE_ID, SUITE_PEERS, SUITE_DATA_DIR, ...) onto them.
 *
 * @param nodeId              this node's Raft peer id, one of the ids in {@code peers}
 * @param peers               the initial voters, {@code id=host:raftPort} separated by commas
 * @param dataDir             Raft log, metadata and snapshots of this node (one directory per node)
 * @param raftPort            Raft port when this node is not in {@code peers}; 0 = HTTP port + 1000
 * @param raftTransport       Ratis' RPC between nodes and to the leader: {@code grpc} or {@code netty}; every
 *                            node of a cluster must use the same one
 * @param join                start with an empty configuration and wait to be added by
 *                            {@code PUT /v1/operator/raft/peer} (a node added at runtime)
 * @param electionTimeoutMin  lower bound of the randomized election timeout
 * @param electionTimeoutMax  upper bound; a leader is replaced within about this long after it dies
 * @param snapshotThreshold   take a snapshot after this many applied entries; the log is purged behind it
 * @param segmentSize         size at which a log segment is closed (only closed segments are purged)
 * @param requestTimeout      how long a write or linearizable read may wait for a leader
 * @param aclToken            when set, writes and non-stale reads need this X-Consul-Token
 */
@ConfigurationProperties("suite.consensus")
public record ConsensusProperties(
        @DefaultValue("n1") String nodeId,
        @DefaultValue("n1=localhost:9701,n2=localhost:9702,n3=localhost:9703") String peers,
        @DefaultValue("data/consensus") Path dataDir,
        @DefaultValue("0") int raftPort,
        @DefaultValue("netty") RaftTransport raftTransport,
        @DefaultValue("false") boolean join,
        @DefaultValue("1s") Duration electionTimeoutMin,
        @DefaultValue("2s") Duration electionTimeoutMax,
        @DefaultValue("10000") long snapshotThreshold,
        @DefaultValue("8MB") DataSize segmentSize,
        @DefaultValue("10s") Duration requestTimeout,
        String aclToken) {

    /** The two RPC implementations Ratis ships (ratis-grpc, ratis-netty). */
    public enum RaftTransport { GRPC, NETTY }

    /** Peer ids to Raft addresses, in the order given. */
    public Map<String, String> peerAddresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String peer : peers.split(",")) {
            String trimmed = peer.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new IllegalArgumentException(
                        "suite.consensus.peers entry '" + trimmed + "' is not id=host:port");
            }
            addresses.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return addresses;
    }
}
