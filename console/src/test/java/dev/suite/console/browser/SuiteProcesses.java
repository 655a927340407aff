package dev.suite.console.browser;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A registry and a 3-node consensus cluster, started from the modules' executable jars as separate JVMs on free
 * ports (never the suite's defaults), as a user would run them. The console's code does not see theirs.
 */
final class SuiteProcesses implements AutoCloseable {

    record ConsensusNode(String id, int httpPort, int raftPort) {
        String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    final List<ConsensusNode> consensus = new ArrayList<>();
    final int registryPort;
    final int dnsPort;

    SuiteProcesses(Path registryJar, Path consensusJar) throws IOException {
        dir = Files.createTempDirectory("console-browser-test");
        for (int i = 1; i <= 3; i++) {
            consensus.add(new ConsensusNode("n" + i, freePort(), freePort()));
        }
        registryPort = freePort();
        dnsPort = freePort();
        String peers = consensus.stream().map(n -> n.id() + "=127.0.0.1:" + n.raftPort()).collect(Collectors.joining(","));
        for (ConsensusNode node : consensus) {
            start(consensusJar, node.id(), Map.of("SUITE_HTTP_PORT", Integer.toString(node.httpPort()),
                    "SUITE_NODE_ID", node.id(), "SUITE_PEERS", peers,
                    "SUITE_DATA_DIR", dir.resolve(node.id()).toString()));
        }
        start(registryJar, "registry", Map.of("SERVER_PORT", Integer.toString(registryPort),
                "REGISTRY_DNS_PORT", Integer.toString(dnsPort),
                "REGISTRY_KV_UPSTREAMS", consensusUrls()));
    }

    /**
     * Starts an application that registers itself with the registry and reads its configuration from it, with the
     * environment ./suite gives it.
     */
    int startService(Path jar, String name) throws IOException {
        int port = freePort();
        start(jar, name, Map.of("SERVER_PORT", Integer.toString(port),
                "SPRING_CLOUD_CONSUL_HOST", "127.0.0.1", "SPRING_CLOUD_CONSUL_PORT", Integer.toString(registryPort),
                "CONSUL_HOST", "127.0.0.1", "CONSUL_PORT", Integer.toString(registryPort),
                "SUITE_ADVERTISED_ADDRESS", "127.0.0.1",
                "SUITE_DATA_DIR", dir.resolve("data-" + name.replaceAll("-\\d+$", "")).toString()));
        return port;
    }

    String registry() {
        return "http://127.0.0.1:" + registryPort;
    }

    String consensusUrls() {
        return consensus.stream().map(ConsensusNode::url).collect(Collectors.joining(","));
    }

    /** Waits until the registry answers and the cluster elected a leader that takes writes through the registry. */
    void awaitReady() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> put("/v1/kv/config/console-test/ready", "yes").body().equals("true"));
    }

    private void start(Path jar, String name, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss512k", "-jar", jar.toString());
        Map<String, String> environment = new LinkedHashMap<>(env);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(dir.resolve(name + ".log").toFile());
        processes.add(builder.start());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(registry() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(registry() + path)).timeout(Duration.ofSeconds(10))
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    Path logs() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
