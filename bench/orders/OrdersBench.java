import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Orders through the gateway of a running `./suite up`, against two baselines taken in the same run: the same order
 * sent directly to one order-service instance, and the inventory reservation alone (inventory-service's internal
 * API, which order-service calls for every order). Sequential latency (p50, p99) and closed-loop throughput at 16
 * and 64 connections; figures as ratios against the baselines, and where an order's time goes at p50.
 *
 * Usage: java OrdersBench.java [seconds per throughput phase, default 10] [sequential orders, default 300]
 */
public class OrdersBench {

    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String ORDER = "http://127.0.0.1:8081";
    static final String INVENTORY = "http://127.0.0.1:8082";
    static final String SKU = "BENCH-1";
    static final String ORDER_BODY = "{\"items\":[{\"sku\":\"" + SKU + "\",\"quantity\":1}]}";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Target(String name, IntFunction<HttpRequest> request, int expected) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/inventory/" + SKU)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"available\":100000000}")).build(), 200);
        List<Target> targets = List.of(
                new Target("gateway -> order -> inventory", i -> order(GATEWAY), 201),
                new Target("order-service direct", i -> order(ORDER), 201),
                new Target("reservation alone", i -> HttpRequest.newBuilder(URI.create(INVENTORY + "/internal/reservations/"
                        + UUID.randomUUID())).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(ORDER_BODY)).build(), 201));

        System.out.printf("warming up: %d s of 16 connections on each target%n", seconds);
        for (Target target : targets) {
            closedLoop(target, 16, seconds);
        }
        Map<String, long[]> latency = new LinkedHashMap<>();
        for (Target target : targets) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < sequential; i++) {
                long start = System.nanoTime();
                send(target.request().apply(i), target.expected());
                micros.add((System.nanoTime() - start) / 1000);
            }
            Collections.sort(micros);
            latency.put(target.name(), new long[] { micros.get(micros.size() / 2),
                    micros.get((int) Math.ceil(micros.size() * 0.99) - 1) });
        }
        Map<String, double[]> throughput = new LinkedHashMap<>();
        for (Target target : targets) {
            throughput.put(target.name(), new double[] { closedLoop(target, 16, seconds), closedLoop(target, 64, seconds) });
        }

        double[] base = throughput.get("order-service direct");
        double[] reservation = throughput.get("reservation alone");
        System.out.printf("%n%-32s %9s %9s %11s %11s %12s %12s%n", "", "seq p50", "seq p99", "rps @16", "rps @64",
                "÷ direct", "÷ reservation");
        for (Target target : targets) {
            long[] l = latency.get(target.name());
            double[] t = throughput.get(target.name());
            System.out.printf("%-32s %6.1f ms %6.1f ms %11.0f %11.0f %5.2f/%5.2f %5.2f/%5.2f%n", target.name(), l[0] / 1000.0,
                    l[1] / 1000.0, t[0], t[1], t[0] / base[0], t[1] / base[1], t[0] / reservation[0], t[1] / reservation[1]);
        }
        long gateway = latency.get("gateway -> order -> inventory")[0];
        long direct = latency.get("order-service direct")[0];
        long reserve = latency.get("reservation alone")[0];
        System.out.printf("%nwhere a sequential order's p50 goes: reservation %.1f ms, order-service's own work %.1f ms, "
                + "gateway hop %.1f ms%n", reserve / 1000.0, (direct - reserve) / 1000.0, (gateway - direct) / 1000.0);
    }

    static HttpRequest order(String base) {
        return HttpRequest.newBuilder(URI.create(base + "/api/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER_BODY)).build();
    }

    static void send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** Requests per second with {@code connections} clients sending back to back for {@code seconds}. */
    static double closedLoop(Target target, int connections, int seconds) throws Exception {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch finished = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        try {
                            send(target.request().apply(i), target.expected());
                            done.incrementAndGet();
                        }
                        catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }
                finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        double rps = done.get() / ((System.nanoTime() - start) / 1e9);
        if (failed.get() > 0) {
            System.out.printf("  %s at %d connections: %d requests failed%n", target.name(), connections, failed.get());
        }
        return rps;
    }
}
