import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first minute of a fresh suite, as a new user meets it: the moment `./suite up` returns, ORDERS orders of one
 * unit each for one SKU holding STOCK units, from CLIENTS concurrent clients through the gateway. Prints the answers
 * by status and their latency, then checks the promises: no 5xx, no overselling, and stock left plus the units of the
 * confirmed orders equal the stock it started with. Exits 1 when a promise is broken.
 *
 * Usage: java OrderBurst.java [gateway URL, default http://127.0.0.1:8080] [orders 200] [clients 50] [stock 100]
 */
public class OrderBurst {

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int stock = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String sku = "BURST-" + (System.currentTimeMillis() % 1_000_000);
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/inventory/" + sku))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"available\":" + stock + "}")).build(), HttpResponse.BodyHandlers.ofString());
        if (set.statusCode() / 100 != 2) {
            System.out.println("could not set the stock of " + sku + ": " + set.statusCode() + " " + set.body());
            System.exit(1);
        }
        System.out.printf("%d orders for %s (stock %d) from %d clients through %s%n", orders, sku, stock, clients, gateway);

        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                            long sent = System.nanoTime();
                            int status;
                            String body;
                            try {
                                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/orders"))
                                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                        .header("Idempotency-Key", sku + "-" + i)
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"sku\":\"" + sku
                                                + "\",\"quantity\":1}]}")).build(), HttpResponse.BodyHandlers.ofString());
                                status = answer.statusCode();
                                body = answer.body();
                            }
                            catch (Exception e) {
                                status = 0;
                                body = e.toString();
                            }
                            latencies.add((System.nanoTime() - sent) / 1_000_000);
                            byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                            if (status == 201) {
                                created.add(field(body, "id", "\"([^\"]+)\""));
                            }
                            if (status != 201 && status != 409) {
                                failures.putIfAbsent(status + "", body);
                            }
                        }
                    }
                    finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf("answers: %s in %d ms; latency p50 %d ms, p99 %d ms, max %d ms%n", new TreeMap<>(byStatus),
                elapsedMs, sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1));
        failures.forEach((status, body) -> System.out.printf("  first %s answer: %s%n", status, body.length() > 300
                ? body.substring(0, 300) + "..." : body));

        String inventory = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/inventory/" + sku)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int available = field(inventory, "available");
        int reserved = field(inventory, "reserved");
        int confirmed = countConfirmed(http, gateway, created);
        System.out.printf("stock after: available %d, reserved %d; confirmed orders holding %s: %d%n", available,
                reserved, sku, confirmed);

        List<String> broken = new ArrayList<>();
        byStatus.forEach((status, count) -> {
            if (status >= 500 || status == 0) {
                broken.add(count + " answers " + (status == 0 ? "without a response" : "with status " + status));
            }
        });
        if (available < 0 || confirmed > stock) {
            broken.add("oversold: " + confirmed + " confirmed for a stock of " + stock);
        }
        if (available + confirmed != stock) {
            broken.add("stock left " + available + " + confirmed " + confirmed + " != " + stock);
        }
        if (reserved != confirmed) {
            broken.add("reserved " + reserved + " != units of confirmed orders " + confirmed);
        }
        if (broken.isEmpty()) {
            System.out.println("PASS: no 5xx, nothing oversold, stock and orders add up");
        }
        else {
            System.out.println("FAIL: " + String.join("; ", broken));
            System.exit(1);
        }
    }

    /** The orders answered 201 that read back as CONFIRMED (one unit each). */
    static int countConfirmed(HttpClient http, String gateway, List<String> ids) throws Exception {
        int confirmed = 0;
        for (String id : ids) {
            String order = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/orders/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (order.contains("\"status\":\"CONFIRMED\"")) {
                confirmed++;
            }
        }
        return confirmed;
    }

    static int field(String json, String name) {
        return Integer.parseInt(field(json, name, "(-?\\d+)"));
    }

    static String field(String json, String name, String valuePattern) {
        Matcher m = Pattern.compile("\"" + name + "\":" + valuePattern).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
