package dev.suite.consensus.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.suite.consensus.linearizability.LinearizabilityChecker;
import dev.suite.consensus.linearizability.Operation;
import dev.suite.consensus.linearizability.Operation.Outcome;
import dev.suite.consensus.process.NodeProcesses.Node;

/**
 * Concurrent clients read, write and compare-and-set a few keys through all three nodes while the
 * leader is killed (SIGKILL) and restarted, twice; the full history is then checked for
 * linearizability, key by key. Default reads are linearizable, so no anomaly is allowed.
 */
class LinearizabilityUnderFailoverTest {

    private static final Pattern VALUE = Pattern.compile("\"Value\":(null|\"([^\"]*)\")");
    private static final Pattern MODIFY_INDEX = Pattern.compile("\"ModifyIndex\":(\\d+)");
    private static final List<String> KEYS = List.of("lin/a", "lin/b", "lin/c");
    private static final int CLIENTS = 6;
    // The traffic schedule: the clients run throughout; these set how long each phase lasts.
    private static final Duration TRAFFIC_BEFORE_EACH_KILL = Duration.ofSeconds(4);
    private static final Duration TRAFFIC_WHILE_LEADER_IS_DOWN = Duration.ofSeconds(5);
    private static final Duration TRAFFIC_AFTER_LAST_RESTART = Duration.ofSeconds(3);

    private static NodeProcesses cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new NodeProcesses(3, Map.of("SUITE_SNAPSHOT_THRESHOLD", "200", "SUITE_REQUEST_TIMEOUT", "4s"));
        cluster.startAll();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What a read saw: the value (null = no key) and its ModifyIndex (0 = no key). */
    private record Seen(String value, long modifyIndex) {
    }

    /** The request was refused before it was sent: it cannot have had any effect. */
    private static final class NotSent extends Exception {
    }

    /** No answer: it may or may not have had an effect. */
    private static final class NoAnswer extends Exception {
    }

    @Test
    void historyOfReadsWritesAndCasAcrossLeaderKillsIsLinearizable() throws Exception {
        List<Operation> history = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                int sequence = 0;
                while (running.get()) {
                    runOne(client, "c" + client + "-" + sequence++, history);
                }
                return null;
            });
        }

        for (int round = 0; round < 2; round++) {
            Thread.sleep(TRAFFIC_BEFORE_EACH_KILL.toMillis());
            Node leader = cluster.awaitLeader();
            cluster.kill(leader);
            Thread.sleep(TRAFFIC_WHILE_LEADER_IS_DOWN.toMillis());
            cluster.start(leader, Map.of());
            cluster.awaitLeader();
        }
        Thread.sleep(TRAFFIC_AFTER_LAST_RESTART.toMillis());
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Operation> recorded;
        synchronized (history) {
            recorded = new ArrayList<>(history);
        }
        long completed = recorded.stream().filter(op -> op.outcome() != Outcome.UNKNOWN).count();
        long writes = recorded.stream().filter(op -> op.kind() != Operation.Kind.READ && op.outcome() == Outcome.OK).count();
        long unknown = recorded.size() - completed;
        System.out.printf("history: %d operations, %d completed (%d successful writes/CAS), %d unknown%n",
                recorded.size(), completed, writes, unknown);

        LinearizabilityChecker.Verdict verdict = new LinearizabilityChecker().check(recorded);
        assertThat(verdict.linearizable())
                .as("history of key %s is not linearizable:%n%s", verdict.key(), describe(recorded, verdict.key()))
                .isTrue();
        assertThat(completed).as("the clients made progress").isGreaterThan(200);
        assertThat(writes).isGreaterThan(50);
    }

    private static String describe(List<Operation> history, String key) {
        StringBuilder text = new StringBuilder();
        history.stream().filter(op -> op.key().equals(key))
                .sorted(java.util.Comparator.comparingLong(Operation::invokedAt))
                .forEach(op -> text.append("  ").append(op).append('\n'));
        return text.toString();
    }

    private static void runOne(int client, String value, List<Operation> history) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String key = KEYS.get(random.nextInt(KEYS.size()));
        Node node = cluster.nodes().get(random.nextInt(cluster.nodes().size()));
        int dice = random.nextInt(10);
        long start = System.nanoTime();
        try {
            if (dice < 4) {
                Seen seen = read(node, key);
                history.add(Operation.read(key, client, seen.value(), start, System.nanoTime()));
            } else if (dice < 7) {
                try {
                    boolean ok = put(node, key, value, null);
                    history.add(Operation.write(key, client, value, ok, start, System.nanoTime()));
                } catch (NoAnswer e) {
                    history.add(Operation.write(key, client, value, false, start, 0));
                }
            } else {
                Seen seen = read(node, key);
                history.add(Operation.read(key, client, seen.value(), start, System.nanoTime()));
                long casStart = System.nanoTime();
                try {
                    boolean swapped = put(node, key, value, seen.modifyIndex());
                    history.add(Operation.cas(key, client, seen.value(), value,
                            swapped ? Outcome.OK : Outcome.CAS_FAILED, casStart, System.nanoTime()));
                } catch (NoAnswer e) {
                    history.add(Operation.cas(key, client, seen.value(), value, Outcome.UNKNOWN, casStart, 0));
                }
            }
        } catch (NotSent | NoAnswer e) {
            // A read without an answer, or anything never sent, had no effect on the state.
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Seen read(Node node, String key) throws NotSent, NoAnswer {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node.url("/v1/kv/" + key))).GET());
        if (response.statusCode() == 404) {
            return new Seen(null, 0);
        }
        if (response.statusCode() != 200) {
            throw new NoAnswer();
        }
        Matcher value = VALUE.matcher(response.body());
        Matcher index = MODIFY_INDEX.matcher(response.body());
        if (!value.find() || !index.find()) {
            throw new IllegalStateException("unexpected answer " + response.body());
        }
        String decoded = value.group(2) == null ? ""
                : new String(Base64.getDecoder().decode(value.group(2)), StandardCharsets.UTF_8);
        return new Seen(decoded, Long.parseLong(index.group(1)));
    }

    /** @return the store's answer (false = CAS lost); NoAnswer when the outcome is unknown */
    private static boolean put(Node node, String key, String value, Long cas) throws NotSent, NoAnswer {
        String query = cas == null ? "" : "?cas=" + cas;
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node.url("/v1/kv/" + key + query)))
                .PUT(HttpRequest.BodyPublishers.ofString(value)));
        if (response.statusCode() == 200 && response.body().equals("true")) {
            return true;
        }
        if (response.statusCode() == 200 && response.body().equals("false")) {
            return false;
        }
        // 503 and the like: the leader may have committed it before the answer was lost.
        throw new NoAnswer();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws NotSent, NoAnswer {
        try {
            return cluster.http().send(request.timeout(Duration.ofSeconds(8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new NotSent();
        } catch (java.io.IOException e) {
            throw new NoAnswer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer();
        }
    }
}
