package dev.suite.consensus.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.suite.consensus.process.NodeProcesses.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.suite.consensus.process.NodeProcesses.Node;

/**
 * Crash, restart and rebuild a real 3-node cluster (separate JVMs, real disks, SIGKILL) and check
 * that acknowledged writes are never lost. One cluster serves the whole class, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultToleranceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static NodeProcesses cluster;
    /** Every write a client saw acknowledged (key -> value), across the tests. */
    private static final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** How long a read answered 503 (no leader, or no ReadIndex in time) is asked again. */
    private static final Duration UNAVAILABLE_PATIENCE = Duration.ofSeconds(30);

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new NodeProcesses(3, Map.of(
                // Small snapshots and segments so that the log really is purged behind snapshots.
                "SUITE_SNAPSHOT_THRESHOLD", "40",
                "SUITE_SEGMENT_SIZE", "16KB",
                "SUITE_REQUEST_TIMEOUT", "6s"));
        cluster.startAll();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(0)
    void everyNodeReportsTheHealthOfTheWholeClusterAsConsulsAutopilotDoes() throws Exception {
        Node leader = cluster.awaitLeader();
        assertThat(cluster.put(leader, "/v1/kv/autopilot/probe", "1").body()).isEqualTo("true");
        for (Node node : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                JsonNode health = json(cluster.get(node, "/v1/operator/autopilot/health"));
                assertThat(health.get("Healthy").asBoolean()).as("Healthy on %s: %s", node.id(), health).isTrue();
                assertThat(health.get("FailureTolerance").asInt()).isEqualTo(1);
                assertThat(health.get("Servers")).hasSize(3);
                for (JsonNode server : health.get("Servers")) {
                    Node described = cluster.node(server.get("ID").asText());
                    assertThat(server.get("Name").asText()).isEqualTo(described.id());
                    assertThat(server.get("Address").asText()).isEqualTo(described.raftAddress());
                    assertThat(server.get("Leader").asBoolean()).isEqualTo(described.equals(leader));
                    assertThat(server.get("Voter").asBoolean()).isTrue();
                    assertThat(server.get("Healthy").asBoolean()).isTrue();
                    assertThat(server.get("LastIndex").asLong()).as("LastIndex of %s", described.id()).isPositive();
                    assertThat(server.get("LastTerm").asLong()).isPositive();
                    assertThat(java.time.Instant.parse(server.get("StableSince").asText())).isBeforeOrEqualTo(java.time.Instant.now());
                }
            });
            JsonNode raft = json(cluster.get(node, "/v1/agent/self")).get("Stats").get("raft");
            assertThat(raft.get("state").asText()).isEqualTo(node.equals(leader) ? "Leader" : "Follower");
            assertThat(raft.get("leader_id").asText()).isEqualTo(leader.id());
            assertThat(Long.parseLong(raft.get("term").asText())).isPositive();
            assertThat(Long.parseLong(raft.get("last_log_index").asText())).isPositive();
            assertThat(Long.parseLong(raft.get("applied_index").asText())).isPositive();
        }
    }

    private static JsonNode json(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    @Test
    @Order(1)
    void acknowledgedWritesSurviveKillingTheLeaderMidTraffic() throws Exception {
        Node leader = cluster.awaitLeader();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger acknowledgedAfterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            writers.submit(() -> {
                while (running.get()) {
                    List<Node> live = cluster.live();
                    Node target = live.get(ThreadLocalRandom.current().nextInt(live.size()));
                    String key = "crash/" + sequence.incrementAndGet();
                    String value = "value-" + key;
                    try {
                        Answer answer = cluster.put(target, "/v1/kv/" + key, value);
                        if (answer.status() == 200 && answer.body().equals("true")) {
                            acknowledged.put(key, value);
                            if (killed.get()) {
                                acknowledgedAfterKill.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException e) {
                        // Refused or timed out: not acknowledged, so the store owes us nothing.
                    }
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 60);

        cluster.kill(leader);
        killed.set(true);
        long killedAt = System.nanoTime();
        Node newLeader = cluster.awaitLeader();
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedAfterKill.get() >= 30);
        running.set(false);
        writers.shutdown();
        writers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);

        // The new leader reports the killed one as unhealthy, and no failure left to tolerate.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonNode health = json(cluster.get(newLeader, "/v1/operator/autopilot/health"));
            assertThat(health.get("Healthy").asBoolean()).isFalse();
            assertThat(health.get("FailureTolerance").asInt()).isZero();
            for (JsonNode server : health.get("Servers")) {
                assertThat(server.get("Healthy").asBoolean()).as(server.toString())
                        .isEqualTo(!server.get("ID").asText().equals(leader.id()));
            }
        });

        System.out.printf("leader %s killed; %s leads after %d ms; %d writes acknowledged%n",
                leader.id(), newLeader.id(), failover.toMillis(), acknowledged.size());
        assertThat(newLeader).isNotEqualTo(leader);

        cluster.start(leader, Map.of());
        cluster.awaitLeader();
        for (Node node : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .untilAsserted(() -> assertEveryAcknowledgedWriteIsReadable(node, "?stale"));
            assertEveryAcknowledgedWriteIsReadable(node, "");
        }
    }

    @Test
    @Order(2)
    void aRestartOfTheWholeClusterKeepsTheData() throws Exception {
        assertThat(acknowledged).isNotEmpty();
        cluster.killAll();
        cluster.startAll();
        for (Node node : cluster.nodes()) {
            assertEveryAcknowledgedWriteIsReadable(node, "");
        }
        Answer write = cluster.put(cluster.awaitLeader(), "/v1/kv/after-restart", "yes");
        assertThat(write.body()).isEqualTo("true");
        acknowledged.put("after-restart", "yes");
    }

    @Test
    @Order(3)
    void snapshotsLetTheLeaderPurgeItsLog() throws Exception {
        Node leader = cluster.awaitLeader();
        for (int i = 0; i < 200; i++) {
            String key = "bulk/" + i;
            String value = "v".repeat(200) + i;
            assertThat(cluster.put(leader, "/v1/kv/" + key, value).body()).isEqualTo("true");
            acknowledged.put(key, value);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(snapshots(leader)).isNotEmpty();
            assertThat(firstLogIndex(leader)).as("the log before the snapshot is purged").isGreaterThan(0);
        });
    }

    @Test
    @Order(4)
    void aFollowerWhoseStorageWasWipedRejoinsAndCatchesUp() throws Exception {
        Node leader = cluster.awaitLeader();
        Node follower = cluster.nodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        long purgedUpTo = firstLogIndex(leader);

        cluster.kill(follower);
        cluster.wipe(follower);
        assertThat(Files.exists(follower.dataDir())).isFalse();
        cluster.start(follower, Map.of());

        // The leader's log no longer reaches back to index 0: only a snapshot install can bring
        // the empty follower up to date (the path of RATIS-2523).
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> assertEveryAcknowledgedWriteIsReadable(follower, "?stale"));
        assertThat(purgedUpTo).isGreaterThan(0);
        assertThat(snapshots(follower)).as("the follower received the leader's snapshot").isNotEmpty();

        // It is a working member again: it follows new writes and serves linearizable reads.
        assertThat(cluster.put(leader, "/v1/kv/after-wipe", "still-here").body()).isEqualTo("true");
        acknowledged.put("after-wipe", "still-here");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(cluster.get(follower, "/v1/kv/after-wipe?raw&stale").body())
                        .isEqualTo("still-here"));
        assertEveryAcknowledgedWriteIsReadable(follower, "");
        assertThat(cluster.agreedLeader()).isPresent();
    }

    @Test
    @Order(5)
    void operatorsTransferLeadershipAndReplaceAMemberAtRuntime() throws Exception {
        Node leader = cluster.awaitLeader();
        Node target = cluster.nodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        Answer transfer = cluster.post(leader, "/v1/operator/raft/transfer-leader?id=" + target.id());
        assertThat(transfer.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.agreedLeader().filter(target::equals).isPresent());

        // Remove a follower, rebuild it empty in join mode and add it back.
        Node member = cluster.nodes().stream().filter(n -> !n.equals(target)).findFirst().orElseThrow();
        assertThat(cluster.delete(target, "/v1/operator/raft/peer?id=" + member.id()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cluster.get(target, "/v1/status/peers").body()).doesNotContain(member.raftAddress()));
        cluster.kill(member);
        cluster.wipe(member);
        assertThat(cluster.put(target, "/v1/kv/two-voters", "ok").body()).isEqualTo("true");
        acknowledged.put("two-voters", "ok");

        cluster.start(member, Map.of("SUITE_JOIN", "true"));
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> assertThat(
                cluster.put(target, "/v1/operator/raft/peer?id=" + member.id() + "&address=" + member.raftAddress(), "")
                        .status()).isEqualTo(200));
        Answer configuration = cluster.get(target, "/v1/operator/raft/configuration");
        assertThat(configuration.body()).contains("\"ID\":\"" + member.id() + "\"");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertEveryAcknowledgedWriteIsReadable(member, "?stale"));
    }

    /**
     * Reads every acknowledged key from the node. A 503 (the cluster is electing, or a ReadIndex
     * round timed out on a loaded machine) promises nothing either way and is asked again; any
     * other answer than the acknowledged value fails at once.
     */
    private static void assertEveryAcknowledgedWriteIsReadable(Node node, String mode) {
        String query = mode.isEmpty() ? "?raw" : mode + "&raw";
        acknowledged.forEach((key, value) -> {
            Answer answer = await().atMost(UNAVAILABLE_PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.get(node, "/v1/kv/" + key + query), read -> {
                        if (read.status() == 503) {
                            System.out.printf("%s on %s%s: 503 %s; asking again%n", key, node.id(), mode, read.body());
                        }
                        return read.status() != 503;
                    });
            assertThat(answer.status()).as("%s on %s%s: %s", key, node.id(), mode, answer.body()).isEqualTo(200);
            assertThat(answer.body()).as("%s on %s", key, node.id()).isEqualTo(value);
        });
    }

    private static List<Path> snapshots(Node node) throws Exception {
        try (Stream<Path> files = Files.walk(node.dataDir())) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).toList();
        }
    }

    /** Start index of the oldest log segment left on disk. */
    private static long firstLogIndex(Node node) throws Exception {
        try (Stream<Path> files = Files.walk(node.dataDir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("log_"))
                    .mapToLong(name -> Long.parseLong(name.replaceAll("^log_(inprogress_)?(\\d+).*$", "$2")))
                    .min().orElse(0);
        }
    }
}
