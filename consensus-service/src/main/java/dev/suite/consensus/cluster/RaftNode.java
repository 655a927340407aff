package dev.suite.consensus.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.suite.consensus.kv.ConsensusUnavailableException;
import dev.suite.consensus.kv.IndexWatch;
import dev.suite.consensus.kv.KvCommand;
import dev.suite.consensus.kv.KvService;
import dev.suite.consensus.kv.KvStore;
import dev.suite.consensus.kv.KvView;

/**
 * This process's Raft server (Netty or gRPC transport, segmented log on disk) and the clients it uses to
 * reach the leader. Writes go through a client that follows NotLeader redirects, ReadIndex barriers
 * to the leader this node follows, so every node accepts every request.
 */
@Component
public class RaftNode implements KvService, ClusterOperations, InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);
    /** One fixed group: every node computes the same id. */
    static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("suite-consensus".getBytes()));
    private static final Message READ_BARRIER = Message.valueOf("applied-index");
    private static final Duration RETRY_SLEEP = Duration.ofMillis(100);

    private final ConsensusProperties settings;
    private final int httpPort;
    private final KvStore store = new KvStore();
    private final IndexWatch watch = new IndexWatch();
    private RaftServer server;
    private RaftClient client;
    /** Carries a follower's ReadIndex barriers to the leader; {@link #readIndexOnLeader} retries them itself. */
    private RaftClient leaderReads;
    private RaftPeerId selfId;
    private Thread rejoinWatcher;
    /** Identifies the requests this node submits to its own server when it leads (Ratis' retry cache key). */
    private final ClientId localClientId = ClientId.randomId();
    private final AtomicLong localCallIds = new AtomicLong();
    private GroupCommit<KvCommand, Boolean> writes;
    private GroupCommit<Boolean, Long> readIndexRounds;

    public RaftNode(ConsensusProperties settings, @Value("${server.port:8701}") int httpPort) {
        this.settings = settings;
        this.httpPort = httpPort;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        Map<String, String> addresses = settings.peerAddresses();
        selfId = RaftPeerId.valueOf(settings.nodeId());
        List<RaftPeer> peers = addresses.entrySet().stream()
                .map(e -> RaftPeer.newBuilder().setId(e.getKey()).setAddress(e.getValue()).build())
                .toList();
        int raftPort = raftPort(addresses.get(settings.nodeId()));
        if (!settings.join() && addresses.get(settings.nodeId()) == null) {
            throw new IllegalStateException("suite.consensus.node-id '" + settings.nodeId()
                    + "' is not in suite.consensus.peers (" + settings.peers() + "); set join=true to join later");
        }
        RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
        boolean freshStorage = isEmpty(settings.dataDir());
        Files.createDirectories(settings.dataDir());

        server = RaftServer.newBuilder()
                .setServerId(selfId)
                .setGroup(settings.join() ? RaftGroup.valueOf(GROUP_ID) : group)
                .setStateMachine(new KvStateMachine(store, watch))
                .setProperties(serverProperties(raftPort))
                // RECOVER formats an empty directory and recovers an existing one.
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        client = RaftClient.newBuilder()
                .setRaftGroup(group)
                .setLeaderId(settings.join() ? null : selfId)
                .setProperties(clientProperties(settings.requestTimeout().dividedBy(2)))
                .setRetryPolicy(retryWithin(settings.requestTimeout()))
                .build();
        // A leader that answers nothing within an election timeout has likely lost its place: try the next one.
        leaderReads = RaftClient.newBuilder()
                .setRaftGroup(group)
                .setProperties(clientProperties(settings.electionTimeoutMax()))
                .setRetryPolicy(RetryPolicies.noRetry())
                .build();
        // A round at a time per kind, plus one being filled: a round's cost is the same for one
        // request or many, so waiting requests travel together. An entry stays under 1 MiB
        // (Ratis' write buffer is 2 MB), but a single value up to 512 KiB always fits.
        writes = new GroupCommit<>("writes", 2, 1 << 20, KvCommand::size, this::replicate);
        readIndexRounds = new GroupCommit<>("linearizable reads", 2, Integer.MAX_VALUE, reader -> 1,
                this::confirmReadIndex);
        log.info("Raft node {} started: raft port {}, data {}, peers {}", selfId, raftPort,
                settings.dataDir().toAbsolutePath(), settings.join() ? "(joining)" : addresses);
        if (freshStorage && !settings.join()) {
            rejoinWatcher = new Thread(new WipedStorageRejoin(this), "rejoin-watcher");
            rejoinWatcher.setDaemon(true);
            rejoinWatcher.start();
        }
    }

    private static boolean isEmpty(java.nio.file.Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    // --- RATIS-2523 work-around, used by WipedStorageRejoin

    /** Whether this node's Raft log is still empty (nothing appended, no snapshot installed). */
    boolean logIsEmpty() {
        RaftServer.Division division = division();
        org.apache.ratis.server.protocol.TermIndex last = division.getRaftLog().getLastEntryTermIndex();
        return (last == null || last.getIndex() < 0) && division.getInfo().getLastAppliedIndex() <= 0;
    }

    String describeLog() {
        RaftServer.Division division = division();
        return "last entry " + division.getRaftLog().getLastEntryTermIndex() + ", applied "
                + division.getInfo().getLastAppliedIndex() + ", leader " + division.getInfo().getLeaderId();
    }

    boolean knowsLeader() {
        return division().getInfo().getLeaderId() != null;
    }

    ConsensusProperties settings() {
        return settings;
    }

    /**
     * Removes this node from the configuration and adds it back, through the leader. The leader
     * then tracks it from scratch (match index 0) and installs a snapshot or sends the whole log.
     */
    void removeAndReAddSelf() throws IOException {
        // This node's own configuration is only the bootstrap one: ask another member for the
        // current peers. The client then routes both changes to whoever leads.
        List<RaftPeer> current = null;
        for (Map.Entry<String, String> peer : settings.peerAddresses().entrySet()) {
            if (peer.getKey().equals(settings.nodeId())) {
                continue;
            }
            try {
                org.apache.ratis.protocol.GroupInfoReply info =
                        client.getGroupManagementApi(RaftPeerId.valueOf(peer.getKey())).info(GROUP_ID);
                long committed = info.getCommitInfos().stream()
                        .mapToLong(org.apache.ratis.proto.RaftProtos.CommitInfoProto::getCommitIndex).max().orElse(0);
                if (committed <= 0) {
                    // A cluster still forming: nothing to catch up on, nothing to work around.
                    log.info("{} reports commit index {}; not rejoining", peer.getKey(), committed);
                    return;
                }
                current = new ArrayList<>(info.getGroup().getPeers());
                break;
            } catch (IOException | RuntimeException e) {
                log.warn("No group info from {}: {}", peer.getKey(), e.toString());
            }
        }
        if (current == null) {
            throw new IOException("no other member answered");
        }
        RaftPeer self = current.stream().filter(p -> p.getId().equals(selfId)).findFirst()
                .orElse(RaftPeer.newBuilder().setId(selfId).setAddress(settings.peerAddresses().get(settings.nodeId())).build());
        List<RaftPeer> without = current.stream().filter(p -> !p.getId().equals(selfId)).toList();
        if (without.isEmpty()) {
            return;
        }
        if (without.size() < current.size()) {
            call("remove wiped node", () -> client.admin().setConfiguration(without));
        }
        List<RaftPeer> with = new ArrayList<>(without);
        with.add(self);
        call("re-add wiped node", () -> client.admin().setConfiguration(with));
        log.info("Removed and re-added {} to the configuration {}", selfId, with);
    }

    private int raftPort(String ownAddress) {
        if (ownAddress != null) {
            return Integer.parseInt(ownAddress.substring(ownAddress.lastIndexOf(':') + 1));
        }
        return settings.raftPort() > 0 ? settings.raftPort() : httpPort + 1000;
    }

    private RaftProperties serverProperties(int raftPort) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(properties, List.of(settings.dataDir().toFile()));
        setTransport(properties);
        switch (settings.raftTransport()) {
            case GRPC -> GrpcConfigKeys.Server.setPort(properties, raftPort);
            case NETTY -> NettyConfigKeys.Server.setPort(properties, raftPort);
        }
        // Election: pre-vote keeps a node that was cut off (or wiped) from disturbing a healthy
        // leader with a higher term. Timeouts of 1-2 s are 10-20 heartbeats (Ratis sends them at
        // half the minimum timeout) and ride out GC pauses on a busy 2-core machine, while a dead
        // leader is still replaced within about 2 s.
        RaftServerConfigKeys.LeaderElection.setPreVote(properties, true);
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, duration(settings.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, duration(settings.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, duration(settings.requestTimeout().dividedBy(2)));
        // Durability: the log worker flushes and fsyncs before an append counts toward the commit
        // (the default, made explicit): no unsafe or asynchronous flush.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(properties, false);
        RaftServerConfigKeys.Log.StateMachineData.setSync(properties, true);
        SizeInBytes segment = SizeInBytes.valueOf(settings.segmentSize().toBytes());
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, segment);
        RaftServerConfigKeys.Log.setPreallocatedSize(properties,
                SizeInBytes.valueOf(Math.min(segment.getSize(), 4L << 20)));
        // Entries may carry values up to 512 KiB (Consul's limit).
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf("2MB"));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf("1MB"));
        // Snapshots and log purging.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, settings.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.max(1, Math.min(1024, settings.snapshotThreshold())));
        RaftServerConfigKeys.RetryCache.setExpiryTime(properties,
                duration(retryCacheExpiry(settings.requestTimeout())));
        // Reads: ReadIndex for linearizable reads.
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        return properties;
    }

    /**
     * Retries every RETRY_SLEEP, and not after the request is {@code timeout} old: a retry then reaches the leader at
     * most {@code timeout} plus one RPC timeout after the first attempt, within {@link #retryCacheExpiry}.
     */
    static RetryPolicy retryWithin(Duration timeout) {
        RetryPolicy everyRetrySleep = RetryPolicies.retryForeverWithSleep(duration(RETRY_SLEEP));
        RequestTypeDependentRetryPolicy.Builder policy = RequestTypeDependentRetryPolicy.newBuilder();
        for (RaftClientRequestProto.TypeCase type : RaftClientRequestProto.TypeCase.values()) {
            policy.setRetryPolicy(type, everyRetrySleep).setTimeout(type, duration(timeout));
        }
        return policy.build();
    }

    /**
     * How long the leader remembers a request's reply, so that a retry of it is answered from memory, not applied
     * again: the client's retry window (request timeout plus one RPC timeout of half of it) with room to spare.
     * Ratis' default, 60 s, kept ~40 MB of replies per node under load (bench/consensus/README.md, session 10).
     */
    static Duration retryCacheExpiry(Duration requestTimeout) {
        return requestTimeout.multipliedBy(2);
    }

    private RaftProperties clientProperties(Duration rpcTimeout) {
        RaftProperties properties = new RaftProperties();
        setTransport(properties);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, duration(rpcTimeout));
        return properties;
    }

    private void setTransport(RaftProperties properties) {
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.valueOf(settings.raftTransport().name()));
    }

    private static TimeDuration duration(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    // --- KvService

    @Override
    public boolean write(KvCommand command) {
        return writes.submit(command, settings.requestTimeout());
    }

    @Override
    public void awaitLinearizable() {
        long leaderApplied = readIndexRounds.submit(Boolean.TRUE, settings.requestTimeout());
        try {
            if (!watch.awaitAtLeast(leaderApplied, settings.requestTimeout())) {
                throw new ConsensusUnavailableException("this node did not catch up to index "
                        + leaderApplied + " within " + settings.requestTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsensusUnavailableException("interrupted", e);
        }
    }

    /** One log entry for the commands; answers whether each took effect. */
    private CompletableFuture<List<Boolean>> replicate(List<KvCommand> commands) {
        Message message = Message.valueOf(ByteString.copyFrom(KvCommand.toBytes(commands)));
        return submit("write", RaftClientRequest.writeRequestType(), message, () -> client.async().send(message))
                .thenApply(reply -> {
                    byte[] answers = reply.getMessage().getContent().toByteArray();
                    List<Boolean> results = new ArrayList<>(answers.length);
                    for (byte answer : answers) {
                        results.add(answer == 1);
                    }
                    return results;
                });
    }

    /**
     * One ReadIndex round for every reader that arrived before it started: the leader confirms it
     * still leads and answers its applied index, which each reader then waits for locally.
     */
    private CompletableFuture<List<Long>> confirmReadIndex(List<Boolean> readers) {
        return submit("linearizable read", RaftClientRequest.readRequestType(), READ_BARRIER,
                () -> readIndexOnLeader(System.nanoTime() + settings.requestTimeout().toNanos()))
                .thenApply(reply -> Collections.nCopies(readers.size(),
                        ByteBuffer.wrap(reply.getMessage().getContent().toByteArray()).getLong()));
    }

    /**
     * Sends a follower's barrier to the leader it follows, not to its own server, which would ask the leader for the
     * ReadIndex over a server RPC (readIndexAsync) that Ratis' Netty transport does not implement (3.3.0: the
     * request hangs until it times out). The Ratis client never redirects a request sent to a given server, so
     * this retries by itself, with the leader known at each attempt, until the request timeout.
     */
    private CompletableFuture<RaftClientReply> readIndexOnLeader(long deadline) {
        RaftPeerId leader = division().getInfo().getLeaderId();
        CompletableFuture<RaftClientReply> attempt = leader == null
                ? CompletableFuture.failedFuture(new ConsensusUnavailableException("no leader known"))
                : leaderReads.async().sendReadOnly(READ_BARRIER, leader);
        return attempt.handle((reply, error) -> {
            if ((error == null && reply.isSuccess()) || System.nanoTime() - deadline > 0) {
                return error == null ? CompletableFuture.completedFuture(reply)
                        : CompletableFuture.<RaftClientReply>failedFuture(error);
            }
            return CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(RETRY_SLEEP.toMillis(), TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> readIndexOnLeader(deadline));
        }).thenCompose(next -> next);
    }

    /**
     * On the leader, hands the request straight to this process's Raft server, as Apache Ozone's
     * manager does: no RPC to itself, which measurably costs CPU on every request. Elsewhere,
     * or when leadership moved meanwhile, the client sends it and follows redirects to the leader.
     */
    private CompletableFuture<RaftClientReply> submit(String what, RaftClientRequest.Type type, Message message,
                                                      Supplier<CompletableFuture<RaftClientReply>> viaClient) {
        CompletableFuture<RaftClientReply> reply;
        if (division().getInfo().isLeader()) {
            RaftClientRequest request = RaftClientRequest.newBuilder()
                    .setClientId(localClientId)
                    .setServerId(selfId)
                    .setGroupId(GROUP_ID)
                    .setCallId(localCallIds.incrementAndGet())
                    .setMessage(message)
                    .setType(type)
                    .setTimeoutMs(settings.requestTimeout().toMillis())
                    .build();
            try {
                reply = server.submitClientRequestAsync(request).thenCompose(local ->
                        local.getNotLeaderException() != null || local.getLeaderNotReadyException() != null
                                || local.getLeaderSteppingDownException() != null
                                ? viaClient.get() : CompletableFuture.completedFuture(local));
            } catch (IOException e) {
                reply = viaClient.get();
            }
        } else {
            reply = viaClient.get();
        }
        return reply.thenApply(answer -> checked(what, answer));
    }

    @Override
    public KvView view() {
        return store;
    }

    @Override
    public IndexWatch changes() {
        return watch;
    }

    private interface RaftCall {
        RaftClientReply run() throws IOException;
    }

    private RaftClientReply call(String what, RaftCall call) {
        RaftClientReply reply;
        try {
            reply = call.run();
        } catch (IOException | RuntimeException e) {
            throw new ConsensusUnavailableException(what + " failed: " + e.getMessage(), e);
        }
        return checked(what, reply);
    }

    private static RaftClientReply checked(String what, RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new ConsensusUnavailableException(what + " failed: " + reply.getException(), reply.getException());
        }
        return reply;
    }

    // --- ClusterOperations

    private RaftServer.Division division() {
        try {
            return server.getDivision(GROUP_ID);
        } catch (IOException e) {
            throw new ConsensusUnavailableException("Raft group not ready: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RaftMember> leader() {
        RaftPeerId leaderId = division().getInfo().getLeaderId();
        if (leaderId == null) {
            return Optional.empty();
        }
        return members().stream().filter(m -> m.id().equals(leaderId.toString())).findFirst();
    }

    @Override
    public List<RaftMember> members() {
        RaftServer.Division division = division();
        RaftPeerId leaderId = division.getInfo().getLeaderId();
        RaftConfiguration conf = division.getRaftConf();
        List<RaftMember> members = new ArrayList<>();
        for (RaftPeer peer : conf.getCurrentPeers()) {
            members.add(new RaftMember(peer.getId().toString(), peer.getAddress(),
                    peer.getId().equals(leaderId), true));
        }
        for (RaftPeer peer : conf.getCurrentPeers(org.apache.ratis.proto.RaftProtos.RaftPeerRole.LISTENER)) {
            members.add(new RaftMember(peer.getId().toString(), peer.getAddress(), false, false));
        }
        return members;
    }

    @Override
    public NodeState localState() {
        RaftServer.Division division = division();
        org.apache.ratis.server.DivisionInfo info = division.getInfo();
        org.apache.ratis.server.raftlog.RaftLog raftLog = division.getRaftLog();
        TermIndex last = raftLog.getLastEntryTermIndex();
        RaftPeerId leaderId = info.getLeaderId();
        return new NodeState(selfId.toString(), info.getCurrentRole().name(), info.getCurrentTerm(),
                last == null ? 0 : Math.max(0, last.getIndex()), last == null ? 0 : Math.max(0, last.getTerm()),
                Math.max(0, raftLog.getLastCommittedIndex()), Math.max(0, info.getLastAppliedIndex()),
                Math.max(0, raftLog.getSnapshotIndex()), leaderId == null ? null : leaderId.toString(),
                info.getRoleInfoProto().getRoleElapsedTimeMs());
    }

    @Override
    public Optional<LeaderView> leaderView() {
        RaftServer.Division division = division();
        org.apache.ratis.server.DivisionInfo info = division.getInfo();
        if (info.isLeader()) {
            TermIndex last = division.getRaftLog().getLastEntryTermIndex();
            return leaderView(info.getRoleInfoProto(), division.getCommitInfos(),
                    last == null ? 0 : last.getIndex(), last == null ? 0 : last.getTerm());
        }
        RaftPeerId leaderId = info.getLeaderId();
        if (leaderId == null) {
            return Optional.empty();
        }
        // Ratis' own group-info RPC to the leader: the same role info and commit infos it has locally.
        org.apache.ratis.protocol.GroupInfoReply reply;
        try {
            reply = client.getGroupManagementApi(leaderId).info(GROUP_ID);
        } catch (IOException | RuntimeException e) {
            throw new ConsensusUnavailableException("leader " + leaderId + " did not answer: " + e.getMessage(), e);
        }
        org.apache.ratis.proto.RaftProtos.TermIndexProto last = reply.getLogInfoProto().getLastEntry();
        return leaderView(reply.getRoleInfoProto(), reply.getCommitInfos(), last.getIndex(), last.getTerm());
    }

    private static Optional<LeaderView> leaderView(org.apache.ratis.proto.RaftProtos.RoleInfoProto role,
                                                   java.util.Collection<org.apache.ratis.proto.RaftProtos.CommitInfoProto> commits,
                                                   long lastIndex, long lastTerm) {
        if (role.getRole() != org.apache.ratis.proto.RaftProtos.RaftPeerRole.LEADER || !role.hasLeaderInfo()) {
            return Optional.empty();
        }
        Map<String, Long> commitIndexes = new java.util.HashMap<>();
        for (org.apache.ratis.proto.RaftProtos.CommitInfoProto commit : commits) {
            commitIndexes.put(commit.getServer().getId().toStringUtf8(), commit.getCommitIndex());
        }
        List<LeaderView.FollowerProgress> followers = role.getLeaderInfo().getFollowerInfoList().stream()
                .map(f -> {
                    String id = f.getId().getId().toStringUtf8();
                    return new LeaderView.FollowerProgress(id, commitIndexes.getOrDefault(id, 0L),
                            f.getLastRpcElapsedTimeMs());
                })
                .toList();
        return Optional.of(new LeaderView(role.getSelf().getId().toStringUtf8(), role.getLeaderInfo().getTerm(),
                Math.max(0, lastIndex), Math.max(0, lastTerm), role.getRoleElapsedTimeMs(), followers));
    }

    @Override
    public long termAt(long index) {
        TermIndex termIndex = index <= 0 ? null : division().getRaftLog().getTermIndex(index);
        return termIndex == null ? 0 : termIndex.getTerm();
    }

    @Override
    public long configurationIndex() {
        return division().getRaftConf().getLogEntryIndex();
    }

    @Override
    public void addMember(String id, String address) {
        List<RaftPeer> peers = new ArrayList<>(division().getRaftConf().getCurrentPeers());
        if (peers.stream().anyMatch(p -> p.getId().toString().equals(id))) {
            throw new IllegalArgumentException("peer " + id + " is already a member");
        }
        peers.add(RaftPeer.newBuilder().setId(id).setAddress(address).build());
        call("add peer", () -> client.admin().setConfiguration(peers));
    }

    @Override
    public void removeMember(String id) {
        List<RaftPeer> peers = new ArrayList<>(division().getRaftConf().getCurrentPeers());
        if (!peers.removeIf(p -> p.getId().toString().equals(id))) {
            throw new IllegalArgumentException("peer " + id + " is not a member");
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the last member");
        }
        call("remove peer", () -> client.admin().setConfiguration(peers));
    }

    @Override
    public void transferLeadership(String id) {
        if (division().getRaftConf().getCurrentPeers().stream().noneMatch(p -> p.getId().toString().equals(id))) {
            throw new IllegalArgumentException("peer " + id + " is not a member");
        }
        call("transfer leadership", () -> client.admin().transferLeadership(
                RaftPeerId.valueOf(id), settings.requestTimeout().toMillis()));
    }

    @Override
    public void destroy() throws IOException {
        if (rejoinWatcher != null) {
            rejoinWatcher.interrupt();
        }
        if (writes != null) {
            writes.close();
            readIndexRounds.close();
        }
        if (client != null) {
            client.close();
            leaderReads.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
