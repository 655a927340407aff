package dev.suite.consensus.process;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cluster of real consensus nodes, each a separate JVM started from the module's runtime
 * classpath, on random free ports with its own data directory. Nodes can be killed with SIGKILL,
 * restarted, and have their storage wiped, as an operator (or a crash) would.
 */
public final class NodeProcesses implements AutoCloseable {

    public record Node(String id, int httpPort, int raftPort, Path dataDir) {
        public String raftAddress() {
            return "127.0.0.1:" + raftPort;
        }

        public String url(String path) {
            return "http://127.0.0.1:" + httpPort + path;
        }
    }

    public record Answer(int status, String body, Map<String, List<String>> headers) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Process> running = new HashMap<>();
    private final Map<String, String> settings;
    private final Path base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param settings extra environment for every node (SUITE_SNAPSHOT_THRESHOLD, ...)
     */
    public NodeProcesses(int size, Map<String, String> settings) throws IOException {
        this.settings = settings;
        this.base = Files.createTempDirectory("consensus-cluster");
        for (int i = 1; i <= size; i++) {
            nodes.add(new Node("n" + i, freePort(), freePort(), base.resolve("n" + i)));
        }
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    public Path logOf(Node node) {
        return base.resolve(node.id() + ".log");
    }

    private String peers() {
        return nodes.stream().map(n -> n.id() + "=" + n.raftAddress()).collect(Collectors.joining(","));
    }

    public void startAll() throws IOException {
        for (Node node : nodes) {
            start(node, Map.of());
        }
        awaitLeader();
    }

    public void start(Node node, Map<String, String> extra) throws IOException {
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/runtime-classpath.txt")).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-cp", classpath, "dev.suite.consensus.ConsensusApplication");
        Map<String, String> env = builder.environment();
        env.put("SUITE_HTTP_PORT", Integer.toString(node.httpPort()));
        env.put("SUITE_NODE_ID", node.id());
        env.put("SUITE_PEERS", peers());
        env.put("SUITE_DATA_DIR", node.dataDir().toString());
        env.putAll(settings);
        env.putAll(extra);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(node).toFile()));
        running.put(node.id(), builder.start());
    }

    public boolean isRunning(Node node) {
        Process process = running.get(node.id());
        return process != null && process.isAlive();
    }

    public List<Node> live() {
        return nodes.stream().filter(this::isRunning).toList();
    }

    /** SIGKILL: no shutdown hooks, no flush; what a crash or an OOM killer does. */
    public void kill(Node node) throws InterruptedException {
        Process process = running.remove(node.id());
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    public void killAll() throws InterruptedException {
        for (Node node : nodes) {
            kill(node);
        }
    }

    public void wipe(Node node) throws IOException {
        if (Files.exists(node.dataDir())) {
            try (Stream<Path> files = Files.walk(node.dataDir())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Waits until every live node names the same leader, and returns it. */
    public Node awaitLeader() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(this::agreedLeader, Optional::isPresent).orElseThrow();
    }

    /** The leader every live node agrees on, if they do and it is alive. */
    public Optional<Node> agreedLeader() {
        List<Node> live = live();
        String seen = null;
        for (Node node : live) {
            Answer answer = get(node, "/v1/status/leader");
            if (answer.status() != 200 || answer.body().equals("\"\"")) {
                return Optional.empty();
            }
            if (seen != null && !seen.equals(answer.body())) {
                return Optional.empty();
            }
            seen = answer.body();
        }
        String address = seen == null ? "" : seen.replace("\"", "");
        return live.stream().filter(n -> n.raftAddress().equals(address)).findFirst();
    }

    public Answer get(Node node, String path) {
        return send(node, HttpRequest.newBuilder(URI.create(node.url(path))).GET());
    }

    public Answer put(Node node, String path, String body) {
        return send(node, HttpRequest.newBuilder(URI.create(node.url(path)))
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer delete(Node node, String path) {
        return send(node, HttpRequest.newBuilder(URI.create(node.url(path))).DELETE());
    }

    public Answer post(Node node, String path) {
        return send(node, HttpRequest.newBuilder(URI.create(node.url(path))).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Answer send(Node node, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response.headers().map());
        } catch (ConnectException e) {
            throw new NodeDownException(node, e);
        } catch (IOException e) {
            throw new IllegalStateException(node.id() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient http() {
        return http;
    }

    /** Nothing was sent: the node's port refused the connection. */
    public static final class NodeDownException extends RuntimeException {
        public NodeDownException(Node node, Throwable cause) {
            super(node.id() + " is down", cause);
        }
    }

    @Override
    public void close() throws Exception {
        killAll();
        for (Node node : nodes) {
            wipe(node);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
