import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registry benchmark (not a test). Starts registry-service's jar on a free loopback port, then measures, in
 * one run and against baselines measured in the same run:
 *  1. throughput of register (PUT /v1/agent/service/register) and of the health query the discovery client
 *     makes (GET /v1/health/service/{name}?passing), against GET /actuator/health on the same server;
 *  2. blocking-query wake-up latency with 1,000 concurrent watchers: time from a check change to each
 *     watcher's answer, against 1,000 fresh, non-blocking requests for the same data sent at once.
 *
 * Usage: java bench/registry/RegistryBench.java registry-service/target/registry-service-*.jar [seconds]
 * Everything talks to 127.0.0.1; the registry process is stopped at the end.
 */
public class RegistryBench {

    static final int CONCURRENCY = 16;
    static final int WATCHERS = 1000;
    static final int WAKE_ROUNDS = 10;

    static HttpClient http;
    static String base;

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: java RegistryBench.java <registry-service jar> [seconds per phase]");
            System.exit(2);
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        String java = ProcessHandle.current().info().command().orElse("java");
        Process registry = new ProcessBuilder(java, "-jar", args[0], "--server.port=" + port,
                "--registry.dns.enabled=false", "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "registry-bench-server.log").toFile())
                .start();
        try {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(10)).build();
            awaitUp();
            System.out.printf(Locale.ROOT, "registry-service on %s, java %s, %d cores, %d client threads, %d s per phase%n",
                    base, Runtime.version(), Runtime.getRuntime().availableProcessors(), CONCURRENCY, seconds);
            throughput(seconds);
            System.out.println();
            System.out.println("| concurrent readers of /v1/health/service/watched | p50 ms | p99 ms | max ms | p99 ÷ baseline p99 |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            wakeUpLatency(1, 30);
            wakeUpLatency(WATCHERS, WAKE_ROUNDS);
        } finally {
            registry.destroy();
            registry.waitFor();
        }
        System.exit(0);
    }

    // ---------- throughput ----------

    static void throughput(int seconds) throws Exception {
        for (int i = 0; i < 20; i++) {
            put("/v1/agent/service/register", "{\"ID\":\"web-" + i + "\",\"Name\":\"web\",\"Port\":" + (8000 + i)
                    + ",\"Tags\":[\"bench\"]}");
        }
        Op baseline = (t, i) -> get("/actuator/health");
        Op health = (t, i) -> get("/v1/health/service/web?passing");
        Op register = (t, i) -> put("/v1/agent/service/register", "{\"ID\":\"reg-" + t + "-" + (i % 500)
                + "\",\"Name\":\"reg\",\"Port\":" + (1000 + i % 500) + ",\"Check\":{\"TTL\":\"60s\",\"Status\":\"passing\"}}");
        // warm-up, then three interleaved rounds; the median of each is reported
        run(baseline, 2);
        run(health, 2);
        run(register, 2);
        double[][] rps = new double[3][3];
        for (int round = 0; round < 3; round++) {
            rps[0][round] = run(baseline, seconds);
            rps[1][round] = run(health, seconds);
            rps[2][round] = run(register, seconds);
        }
        double b = median(rps[0]);
        System.out.println();
        System.out.println("| operation (16 concurrent clients, loopback) | requests/s (median of 3) | ÷ baseline |");
        System.out.println("| --- | ---: | ---: |");
        row("GET /actuator/health (baseline)", b, b);
        row("GET /v1/health/service/web?passing (20 instances)", median(rps[1]), b);
        row("PUT /v1/agent/service/register (TTL check, replace)", median(rps[2]), b);
    }

    interface Op {
        int call(int thread, int iteration) throws Exception;
    }

    static double run(Op op, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(CONCURRENCY);
        long start = System.nanoTime();
        for (int t = 0; t < CONCURRENCY; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    try {
                        if (op.call(thread, i++) == 200) {
                            done.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                finished.countDown();
            });
            worker.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        finished.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            System.out.println("  (" + failures.get() + " failed requests)");
        }
        return done.get() / elapsed;
    }

    // ---------- blocking-query wake-up ----------

    static void wakeUpLatency(int watcherCount, int rounds) throws Exception {
        put("/v1/agent/service/register", "{\"ID\":\"watched-1\",\"Name\":\"watched\",\"Port\":9000,\"Check\":{\"TTL\":\"600s\"}}");
        put("/v1/agent/check/pass/service:watched-1", "");
        List<Long> wake = new ArrayList<>();
        List<Long> fresh = new ArrayList<>();
        boolean pass = false;
        for (int round = 0; round < rounds + 1; round++) {
            HttpResponse<String> current = http.send(request("/v1/health/service/watched"), HttpResponse.BodyHandlers.ofString());
            String index = current.headers().firstValue("X-Consul-Index").orElseThrow();

            // 1,000 fresh non-blocking reads of the same data, sent at once over warm connections (baseline)
            List<Long> freshRound = fire("/v1/health/service/watched", watcherCount, System.nanoTime());

            // 1,000 watchers blocked on that index; connections opened in steps so the accept queue keeps up
            List<CompletableFuture<Long>> watchers = new ArrayList<>();
            for (int i = 0; i < watcherCount; i++) {
                watchers.add(http.sendAsync(request("/v1/health/service/watched?index=" + index + "&wait=60s"),
                        HttpResponse.BodyHandlers.discarding()).thenApply(r -> {
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException("status " + r.statusCode());
                            }
                            return System.nanoTime();
                        }));
                if (i % 100 == 99) {
                    Thread.sleep(20);
                }
            }
            Thread.sleep(watcherCount > 1 ? 1500 : 200); // let every watcher reach the server and park
            if (watchers.stream().anyMatch(CompletableFuture::isDone)) {
                throw new IllegalStateException("a watcher returned before the change");
            }
            long changed = System.nanoTime();
            put("/v1/agent/check/" + (pass ? "pass" : "fail") + "/service:watched-1", "");
            pass = !pass;
            List<Long> wakeRound = new ArrayList<>();
            for (CompletableFuture<Long> watcher : watchers) {
                wakeRound.add(watcher.get() - changed);
            }
            if (round > 0) { // round 0 warms up
                wake.addAll(wakeRound);
                fresh.addAll(freshRound);
            }
        }
        String who = String.format(Locale.ROOT, "%,d %s, %d rounds: ", watcherCount,
                watcherCount == 1 ? "reader" : "readers", rounds);
        latencyRow(who + "fresh non-blocking GET(s) sent at once (baseline)", fresh, fresh);
        latencyRow(who + "blocked watcher(s), check change to answer", wake, fresh);
    }

    static List<Long> fire(String path, int count, long start) throws Exception {
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(http.sendAsync(request(path), HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> System.nanoTime()));
        }
        List<Long> latencies = new ArrayList<>();
        for (CompletableFuture<Long> f : all) {
            latencies.add(f.get() - start);
        }
        return latencies;
    }

    // ---------- helpers ----------

    static void row(String name, double value, double baseline) {
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f |%n", name, value, value / baseline);
    }

    static void latencyRow(String name, List<Long> nanos, List<Long> baseline) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f |%n", name, pct(nanos, 50) / 1e6,
                pct(nanos, 99) / 1e6, pct(nanos, 100) / 1e6, pct(nanos, 99) / pct(baseline, 99));
    }

    static double pct(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }

    static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).GET().build();
    }

    static int get(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int put(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static void awaitUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/actuator/health") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("registry did not start; see registry-bench-server.log in the temp dir");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
