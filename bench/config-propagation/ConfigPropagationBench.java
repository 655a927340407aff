import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a shared-configuration change takes to reach every running service, on a suite started by `./suite up`.
 * Each round writes one key through the registry's KV API (as an operator would), takes the moment the write is
 * acknowledged, and reads each instance's /actuator/info until its `config.lastRefresh` shows the property changed;
 * the delay is the instance's own refresh-completed timestamp minus the acknowledgement (same machine, same clock).
 * Baseline in the same run: a plain Consul blocking query on config/ through the registry, i.e. how soon a watcher
 * can know of the change at all.
 *
 * Usage: java ConfigPropagationBench.java [changes per scenario, default 20] [registry URL, default http://127.0.0.1:8500]
 */
public class ConfigPropagationBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    static final Duration GIVE_UP = Duration.ofSeconds(30);

    record Instance(String service, String id, String url) {
    }

    /** A key, the property it sets, the services that read it, and the two values the rounds alternate between. */
    record Scenario(String title, String key, String property, List<String> services, String[] values,
            String appliedPolicyOf) {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String registry = args.length > 1 ? args[1] : "http://127.0.0.1:8500";
        Map<String, List<Instance>> fleet = new LinkedHashMap<>();
        for (String service : List.of("gateway", "order-service", "inventory-service")) {
            fleet.put(service, instances(registry, service));
        }
        System.out.printf("instances: %s%n", fleet.values().stream().flatMap(List::stream)
                .map(i -> i.service() + "@" + i.url()).toList());
        List<Scenario> scenarios = List.of(
                new Scenario("policy, config/application/ (every service)",
                        "config/application/loadbalancing/services/inventory-service/policy",
                        "loadbalancing.services.inventory-service.policy",
                        List.of("gateway", "order-service", "inventory-service"),
                        new String[] { "least-connections", "round-robin" }, "inventory-service"),
                new Scenario("@ConfigurationProperties, config/order-service/",
                        "config/order-service/order/limits/max-items-per-order", "order.limits.max-items-per-order",
                        List.of("order-service"), new String[] { "21", "20" }, null),
                new Scenario("@ConfigurationProperties, config/inventory-service/",
                        "config/inventory-service/inventory/low-stock-threshold", "inventory.low-stock-threshold",
                        List.of("inventory-service"), new String[] { "6", "5" }, null),
                new Scenario("@ConfigurationProperties, config/gateway/",
                        "config/gateway/gateway/client/default-response-timeout", "gateway.client.default-response-timeout",
                        List.of("gateway"), new String[] { "11s", "10s" }, null));

        BlockingWatcher baseline = new BlockingWatcher(registry);
        baseline.start();
        for (Scenario scenario : scenarios) {
            run(registry, fleet, scenario, changes, baseline);
        }
        baseline.stop();
        discovery(registry, fleet.get("gateway").get(0), fleet.get("inventory-service"), Math.max(3, changes / 4));
    }

    /**
     * The two discovery delays, through the gateway with one client sending GET /api/inventory/A-1 back to back:
     * from the registry acknowledging an instance's maintenance mode (a critical check: it leaves ?passing answers)
     * until the gateway stops sending it requests, and from maintenance off until its first request. Requests per
     * instance come from the gateway's own meter (loadbalancer_instance_requests_seconds_count), read every 20 ms.
     */
    static void discovery(String registry, Instance gateway, List<Instance> inventory, int rounds) throws Exception {
        if (inventory.size() < 2) {
            System.out.println("\ndiscovery delays: skipped, needs two passing inventory-service instances");
            return;
        }
        Instance target = inventory.get(inventory.size() - 1);
        String address = target.url().substring("http://".length());
        System.out.printf("%ndiscovery delays: %d rounds of maintenance on and off for %s, traffic through %s%n", rounds,
                target.id(), gateway.url());
        Thread traffic = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    get(gateway.url() + "/api/inventory/A-1");
                }
                catch (InterruptedException interrupted) {
                    return;
                }
                catch (Exception ignored) {
                    // counted by the gateway's meter like any answer
                }
            }
        });
        List<Long> leave = new ArrayList<>();
        List<Long> join = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                put(registry + "/v1/agent/service/maintenance/" + target.id() + "?enable=true&reason=bench", "");
                long off = System.currentTimeMillis();
                long count = requestsTo(gateway, address);
                long lastIncrease = off;
                while (System.currentTimeMillis() - lastIncrease < 3000) {
                    Thread.sleep(20);
                    long now = requestsTo(gateway, address);
                    if (now != count) {
                        count = now;
                        lastIncrease = System.currentTimeMillis();
                    }
                }
                leave.add(lastIncrease - off);
                put(registry + "/v1/agent/service/maintenance/" + target.id() + "?enable=false", "");
                long on = System.currentTimeMillis();
                long deadline = on + GIVE_UP.toMillis();
                while (requestsTo(gateway, address) == count && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                join.add(System.currentTimeMillis() - on);
                System.out.print(".");
            }
        }
        finally {
            traffic.interrupt();
            put(registry + "/v1/agent/service/maintenance/" + target.id() + "?enable=false", "");
        }
        System.out.println();
        System.out.printf("  %-40s %8s %8s %8s%n", "ms (+-20 ms: meter read every 20 ms)", "p50", "max", "");
        System.out.printf("  %-40s %8d %8d%n", "critical until out of the rotation", percentile(leave, 50), max(leave));
        System.out.printf("  %-40s %8d %8d%n", "passing until its first request", percentile(join, 50), max(join));
    }

    static long requestsTo(Instance gateway, String address) throws Exception {
        String metrics = get(gateway.url() + "/actuator/prometheus");
        Matcher m = Pattern.compile("loadbalancer_instance_requests_seconds_count\\{instance=\"" + Pattern.quote(address)
                + "\"[^}]*\\} (\\d+)").matcher(metrics == null ? "" : metrics);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    static void run(String registry, Map<String, List<Instance>> fleet, Scenario scenario, int changes,
            BlockingWatcher baseline) throws Exception {
        String original = get(registry + "/v1/kv/" + scenario.key() + "?raw");
        Map<String, List<Long>> delays = new LinkedHashMap<>();
        List<Long> watcher = new ArrayList<>();
        System.out.printf("%n%s: %d changes of %s%n", scenario.title(), changes, scenario.key());
        for (int round = 0; round < changes; round++) {
            String value = scenario.values()[round % 2];
            long sent = System.currentTimeMillis();
            long seenBefore = baseline.lastReturn.get();
            put(registry + "/v1/kv/" + scenario.key(), value);
            long acked = System.currentTimeMillis();
            for (String service : scenario.services()) {
                for (Instance instance : fleet.get(service)) {
                    long applied = awaitApplied(instance, scenario, value, sent);
                    delays.computeIfAbsent(service, s -> new ArrayList<>()).add(Math.max(0, applied - acked));
                }
            }
            long watched = baseline.awaitReturnAfter(seenBefore);
            watcher.add(Math.max(0, watched - acked));
            System.out.print(".");
            Thread.sleep(200);
        }
        System.out.println();
        if (original != null) {
            put(registry + "/v1/kv/" + scenario.key(), original);
        }
        System.out.printf("  %-40s %8s %8s %8s %10s%n", "ms from acknowledged write to applied", "p50", "p99", "max",
                "p99 / base");
        double base = Math.max(1, percentile(watcher, 99));
        System.out.printf("  %-40s %8d %8d %8d %10s%n", "baseline: blocking query on config/", percentile(watcher, 50),
                percentile(watcher, 99), max(watcher), "1");
        List<Long> all = new ArrayList<>();
        delays.forEach((service, list) -> {
            all.addAll(list);
            System.out.printf("  %-40s %8d %8d %8d %10.1f%n", service + " (" + fleet.get(service).size() + " instances)",
                    percentile(list, 50), percentile(list, 99), max(list), percentile(list, 99) / base);
        });
        System.out.printf("  %-40s %8d %8d %8d %10.1f%n", "every instance", percentile(all, 50), percentile(all, 99),
                max(all), percentile(all, 99) / base);
    }

    /** The refresh-completed time the instance reports for this change; checks the policy it applies, if any. */
    static long awaitApplied(Instance instance, Scenario scenario, String value, long sent) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            String info = get(instance.url() + "/actuator/info");
            // the fields of config.lastRefresh, in whatever order they come
            Matcher refresh = Pattern.compile("\"lastRefresh\":\\{([^}]*)\\}").matcher(info == null ? "" : info);
            String lastRefresh = refresh.find() ? refresh.group(1) : "";
            Matcher epochMillis = Pattern.compile("\"epochMillis\":(\\d+)").matcher(lastRefresh);
            long at = epochMillis.find() ? Long.parseLong(epochMillis.group(1)) : -1;
            Matcher properties = Pattern.compile("\"changedProperties\":\\[([^\\]]*)\\]").matcher(lastRefresh);
            String changed = properties.find() ? properties.group(1) : "";
            boolean policyApplied = scenario.appliedPolicyOf() == null || !info.contains("\"policies\"")
                    || info.contains("\"" + scenario.appliedPolicyOf() + "\":\"" + value + "\"");
            if (at >= sent && changed.contains("\"" + scenario.property() + "\"") && policyApplied) {
                return at;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(instance + " did not apply " + scenario.key() + "=" + value + " within " + GIVE_UP);
    }

    /** A plain Consul watcher: one blocking query on config/ after another, recording when each returns. */
    static final class BlockingWatcher {
        final String registry;
        final AtomicLong lastReturn = new AtomicLong();
        volatile boolean running = true;
        Thread thread;

        BlockingWatcher(String registry) {
            this.registry = registry;
        }

        void start() {
            thread = Thread.ofPlatform().daemon().start(() -> {
                long index = 0;
                while (running) {
                    try {
                        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(registry
                                + "/v1/kv/config/?recurse&wait=30s&index=" + index)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long at = System.currentTimeMillis();
                        long newIndex = Long.parseLong(answer.headers().firstValue("X-Consul-Index").orElse("0"));
                        if (newIndex != index) {
                            synchronized (lastReturn) {
                                lastReturn.set(at);
                                lastReturn.notifyAll();
                            }
                        }
                        index = newIndex;
                    }
                    catch (Exception e) {
                        if (!running) {
                            return;
                        }
                    }
                }
            });
        }

        long awaitReturnAfter(long previous) throws InterruptedException {
            synchronized (lastReturn) {
                long deadline = System.currentTimeMillis() + GIVE_UP.toMillis();
                while (lastReturn.get() == previous && System.currentTimeMillis() < deadline) {
                    lastReturn.wait(100);
                }
                return lastReturn.get();
            }
        }

        void stop() {
            running = false;
            thread.interrupt();
        }
    }

    static List<Instance> instances(String registry, String service) throws Exception {
        String catalog = get(registry + "/v1/health/service/" + service + "?passing");
        List<Instance> instances = new ArrayList<>();
        Matcher m = Pattern.compile("\"Service\":\\{\"ID\":\"([^\"]+)\".*?\"Address\":\"([^\"]+)\".*?\"Port\":(\\d+)")
                .matcher(catalog == null ? "" : catalog);
        while (m.find()) {
            instances.add(new Instance(service, m.group(1), "http://" + m.group(2) + ":" + m.group(3)));
        }
        if (instances.isEmpty()) {
            throw new IllegalStateException("no passing instance of " + service + " in " + registry
                    + ": start the suite with ./suite up first");
        }
        instances.sort(Comparator.comparing(Instance::url));
        return instances;
    }

    static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    static void put(String url, String value) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofString(value)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !(response.body().isEmpty() || response.body().contains("true"))) {
            throw new IllegalStateException("PUT " + url + " answered " + response.statusCode() + " " + response.body());
        }
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(rank, sorted.size() - 1)));
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
