package dev.suite.consensus.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.suite.consensus.cluster.ConsensusProperties.RaftTransport;
import dev.suite.consensus.kv.KvCommand;
import dev.suite.consensus.kv.KvEntry;

/**
 * Each of Ratis' transports carries a real three-node cluster over loopback: three Raft servers in this JVM (the
 * process tests run the default transport in separate JVMs), with everything else at its defaults.
 */
class RaftTransportTest {

    @TempDir
    Path dataDirs;

    @ParameterizedTest
    @EnumSource(RaftTransport.class)
    void aClusterElectsALeaderAndServesAWriteAndALinearizableReadSentToAFollower(RaftTransport transport) throws Exception {
        String peers = "n1=127.0.0.1:" + freePort() + ",n2=127.0.0.1:" + freePort() + ",n3=127.0.0.1:" + freePort();
        List<RaftNode> nodes = new ArrayList<>();
        try {
            for (String id : List.of("n1", "n2", "n3")) {
                RaftNode node = new RaftNode(settings(id, peers, transport), 0);
                nodes.add(node);
                node.afterPropertiesSet();
            }
            RaftNode leader = await().atMost(Duration.ofSeconds(30)).until(
                    () -> nodes.stream().filter(n -> "LEADER".equals(n.localState().role())).findFirst(),
                    Optional::isPresent).orElseThrow();
            RaftNode follower = nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();

            // A follower forwards the write to the leader over the transport's client RPC, and a linearizable read
            // there asks the leader for its ReadIndex the same way.
            assertThat(follower.write(new KvCommand.Put("config/transport", bytes(transport.name()), 0, null))).isTrue();
            follower.awaitLinearizable();
            assertThat(follower.view().get("config/transport")).map(KvEntry::value).hasValue(bytes(transport.name()));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nodes).allSatisfy(node ->
                    assertThat(node.view().get("config/transport")).map(KvEntry::value).hasValue(bytes(transport.name()))));
        } finally {
            for (RaftNode node : nodes) {
                node.destroy();
            }
        }
    }

    /** The settings as Spring binds them (every default from ConsensusProperties), for one node. */
    private ConsensusProperties settings(String id, String peers, RaftTransport transport) {
        Map<String, String> values = Map.of(
                "suite.consensus.node-id", id,
                "suite.consensus.peers", peers,
                "suite.consensus.data-dir", dataDirs.resolve(id).toString(),
                "suite.consensus.raft-transport", transport.name().toLowerCase());
        return new Binder(new MapConfigurationPropertySource(values))
                .bind("suite.consensus", ConsensusProperties.class).get();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
