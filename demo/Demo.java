import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * `./suite demo`: a guided tour of a suite started by `./suite up`, about three minutes, in five steps: discovery over
 * HTTP and DNS, load balancing around a slow instance (round-robin, then least-connections), an instance taken out
 * for maintenance, a shared setting reaching every service, and the Raft leader killed in the middle of writes. Every
 * step prints what it does, its figures, and the console view that shows it; the suite is left as it was found
 * (policies, settings, maintenance, all nodes up), on Ctrl-C too. Exits 1 if an acknowledged write was lost.
 *
 * Usage (from ./suite): java demo/Demo.java REPOSITORY_ROOT STATE_DIR
 */
public class Demo {

    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String REGISTRY = "http://127.0.0.1:8500";
    static final String CONSOLE = "http://localhost:8070";
    static final List<Integer> CONSENSUS = List.of(8701, 8702, 8703);
    static final String POLICY_KEY = "config/application/loadbalancing/services/order-service/policy";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    static Path root;
    static Path state;
    static final Map<String, String> summary = new LinkedHashMap<>();
    // what to put back, in the order it must happen (also run on Ctrl-C)
    static final Map<String, Runnable> restore = Collections.synchronizedMap(new LinkedHashMap<>());

    record Answer(int status, String body, Map<String, List<String>> headers) {
    }

    public static void main(String[] args) throws Exception {
        root = Path.of(args[0]);
        state = Path.of(args[1]);
        Thread restorer = new Thread(Demo::restoreAll, "restore");
        Runtime.getRuntime().addShutdownHook(restorer);
        if (get(REGISTRY + "/v1/status/leader").status() != 200 || get(GATEWAY + "/actuator/health").status() != 200) {
            System.out.println("The suite is not running: start it with ./suite up, then run ./suite demo.");
            System.exit(2);
        }
        boolean lost;
        try {
            attempt("discovery", Demo::discovery);
            attempt("load balancing", Demo::balancing);
            attempt("maintenance", Demo::maintenance);
            attempt("shared setting", Demo::sharedSetting);
            lost = leaderKilled();
        }
        finally {
            restoreAll();
        }
        System.out.println();
        step("Summary");
        summary.forEach((what, figure) -> System.out.printf("  %-52s %s%n", what, figure));
        System.out.println("\nThe suite is as it was: policies, settings and maintenance restored, every node up.");
        Runtime.getRuntime().removeShutdownHook(restorer);
        System.exit(lost ? 1 : 0);
    }

    interface Step {
        void run() throws Exception;
    }

    /** A step that fails is reported and the tour goes on; only the Raft step decides the exit code. */
    static void attempt(String name, Step step) {
        try {
            step.run();
        }
        catch (Exception e) {
            say("this step failed: " + e);
            summary.put(name, "failed: " + e.getMessage());
        }
    }

    // 1 -------------------------------------------------------------------------------------------------------------
    static void discovery() throws Exception {
        step("1/5 Discovery: order-service found over HTTP and over DNS");
        List<String> http = new ArrayList<>();
        Matcher m = Pattern.compile("\"Service\":\\{\"ID\":\"([^\"]+)\".*?\"Address\":\"([^\"]+)\".*?\"Port\":(\\d+)")
                .matcher(get(REGISTRY + "/v1/health/service/order-service?passing").body());
        while (m.find()) {
            http.add(m.group(2) + ":" + m.group(3));
        }
        say("HTTP  GET :8500/v1/health/service/order-service?passing -> " + http);
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://127.0.0.1:8600");
        List<String> srv = new ArrayList<>();
        String a = "";
        long started = System.nanoTime();
        try {
            InitialDirContext dns = new InitialDirContext(env);
            Attribute records = dns.getAttributes("order-service.service.consul", new String[] { "SRV" }).get("SRV");
            for (int i = 0; records != null && i < records.size(); i++) {
                String[] parts = records.get(i).toString().split(" "); // priority weight port target
                srv.add(parts[3] + " port " + parts[2]);
            }
            Attribute addresses = dns.getAttributes("order-service.service.consul", new String[] { "A" }).get("A");
            a = addresses == null ? "none" : addresses.toString();
        }
        catch (Exception e) {
            a = "DNS failed: " + e.getMessage();
        }
        long dnsMs = (System.nanoTime() - started) / 1_000_000;
        say("DNS   order-service.service.consul A -> " + a);
        say("DNS   SRV -> " + srv + "   (" + dnsMs + " ms)");
        boolean same = srv.size() == http.size();
        say(same ? "the two answers name the same " + http.size() + " instances" : "the answers differ: " + http + " vs " + srv);
        say("see it: " + CONSOLE + "  (Services, order-service: the DNS answer beside the catalog's)");
        summary.put("discovery: passing instances over HTTP / DNS SRV", http.size() + " / " + srv.size());
    }

    // 2 -------------------------------------------------------------------------------------------------------------
    static void balancing() throws Exception {
        step("2/5 Load balancing around a slow instance: round-robin, then least-connections");
        long slowPid = pid("order-2");
        String slowAddress = "127.0.0.1:8091";
        String original = kv(POLICY_KEY);
        restore.put("order-service policy", () -> putPolicy(original == null ? "round-robin" : original));
        restore.put("order-2 speed", () -> signal(slowPid, "CONT"));
        say("order-2 (pid " + slowPid + ", " + slowAddress + ") is made slow: stopped 100 ms in every 400 ms (SIGSTOP/SIGCONT)");
        AtomicBoolean slowing = new AtomicBoolean(true);
        Thread slower = daemon(() -> {
            while (slowing.get()) {
                signal(slowPid, "STOP");
                pause(100);
                signal(slowPid, "CONT");
                pause(300);
            }
            signal(slowPid, "CONT");
        });
        try {
            putPolicy("round-robin");
            double[] rr = traffic("round-robin", slowAddress);
            putPolicy("least-connections");
            double[] lc = traffic("least-connections", slowAddress);
            say(String.format("least-connections sent the slow instance %.2fx the share round-robin did; client p99 %.2fx",
                    lc[0] / rr[0], lc[1] / rr[1]));
            summary.put("slow instance's share, round-robin -> least-connections", String.format("%.0f %% -> %.0f %%", rr[0] * 100, lc[0] * 100));
            summary.put("client p99, round-robin -> least-connections", String.format("%.0f ms -> %.0f ms", rr[1], lc[1]));
        }
        finally {
            slowing.set(false);
            slower.join();
            signal(slowPid, "CONT");
            restore.remove("order-2 speed");
            putPolicy(original == null ? "round-robin" : original);
            restore.remove("order-service policy");
        }
        say("see it: " + CONSOLE + "  (Load balancing, gateway -> order-service: the share leaves order-2 at the switch)");
    }

    /** 10 s of GET /api/orders?limit=1 from 16 clients through the gateway; [share of the slow instance, client p99 ms]. */
    static double[] traffic(String policy, String slowAddress) throws Exception {
        Map<String, Long> before = instanceCounts("order-service");
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            clients.add(daemon(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    get(GATEWAY + "/api/orders?limit=1");
                    micros.add((System.nanoTime() - t) / 1000);
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        Map<String, Long> after = instanceCounts("order-service");
        long total = 0;
        Map<String, Long> delta = new TreeMap<>();
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            delta.put(e.getKey(), d);
            total += d;
        }
        List<Long> sorted = micros.stream().sorted().toList();
        double p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0;
        double share = total == 0 ? 0 : (double) delta.getOrDefault(slowAddress, 0L) / total;
        StringBuilder shares = new StringBuilder();
        for (var e : delta.entrySet()) {
            shares.append(String.format("%s %.0f %%  ", e.getKey(), total == 0 ? 0.0 : 100.0 * e.getValue() / total));
        }
        say(String.format("%-17s %5d requests in 10 s, client p99 %6.1f ms; share: %s", policy, sorted.size(), p99, shares));
        return new double[] { share, p99 };
    }

    // 3 -------------------------------------------------------------------------------------------------------------
    static void maintenance() throws Exception {
        step("3/5 An instance taken out for maintenance: traffic leaves it");
        String id = serviceId("inventory-service", 8092);
        String address = "127.0.0.1:8092";
        restore.put("inventory-2 maintenance", () -> put(REGISTRY + "/v1/agent/service/maintenance/" + id + "?enable=false", ""));
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread client = daemon(() -> {
            while (sending.get()) {
                get(GATEWAY + "/api/inventory/A-1");
            }
        });
        pause(2000); // traffic on both instances first, as it would be
        put(REGISTRY + "/v1/agent/service/maintenance/" + id + "?enable=true&reason=suite+demo", "");
        long off = System.currentTimeMillis();
        say("PUT :8500/v1/agent/service/maintenance/" + id + "?enable=true, with a client sending GET /api/inventory/A-1");
        long last = instanceCounts("inventory-service").getOrDefault(address, 0L);
        long lastRise = off;
        while (System.currentTimeMillis() - lastRise < 3000) {
            pause(20);
            long now = instanceCounts("inventory-service").getOrDefault(address, 0L);
            if (now != last) {
                last = now;
                lastRise = System.currentTimeMillis();
            }
        }
        sending.set(false);
        client.join();
        long leftAfter = lastRise - off;
        Map<String, Long> before = instanceCounts("inventory-service");
        for (int i = 0; i < 50; i++) {
            get(GATEWAY + "/api/inventory/A-1");
        }
        Map<String, Long> after = instanceCounts("inventory-service");
        say(String.format("inventory-2 got its last request %d ms after the maintenance write (the gateway caches instance lists for 1 s); of the next 50 requests it got %d",
                leftAfter, after.getOrDefault(address, 0L) - before.getOrDefault(address, 0L)));
        put(REGISTRY + "/v1/agent/service/maintenance/" + id + "?enable=false", "");
        restore.remove("inventory-2 maintenance");
        say("maintenance off again");
        say("see it: " + CONSOLE + "  (Services: the maintenance switch; Load balancing: inventory-2's rate drops to 0)");
        summary.put("maintenance: last request to the instance after", leftAfter + " ms");
    }

    // 4 -------------------------------------------------------------------------------------------------------------
    static void sharedSetting() throws Exception {
        step("4/5 A shared setting reaches every service");
        String key = "config/application/suite/demo/marker";
        restore.put("demo setting", () -> delete(REGISTRY + "/v1/kv/" + key));
        long sent = System.currentTimeMillis();
        put(REGISTRY + "/v1/kv/" + key, Long.toString(sent));
        long index = Long.parseLong(field(get(REGISTRY + "/v1/kv/" + key).body(), "ModifyIndex", "(\\d+)"));
        say("PUT :8500/v1/kv/" + key + " (KV index " + index + "); each instance's /actuator/info says when it applied it:");
        long worst = 0;
        for (var instance : List.of("gateway=8080", "order-1=8081", "order-2=8091", "inventory-1=8082", "inventory-2=8092")) {
            String[] nameAndPort = instance.split("=");
            long deadline = System.currentTimeMillis() + 10_000;
            String info = "";
            while (System.currentTimeMillis() < deadline) {
                info = get("http://127.0.0.1:" + nameAndPort[1] + "/actuator/info").body();
                String applied = field(info, "appliedIndex", "(\\d+)");
                if (applied != null && Long.parseLong(applied) >= index) {
                    break;
                }
                pause(10);
            }
            String at = field(info, "epochMillis", "(\\d+)");
            long delay = at == null ? -1 : Math.max(0, Long.parseLong(at) - sent);
            worst = Math.max(worst, delay);
            say(String.format("  %-12s applied it %4d ms after the write", nameAndPort[0], delay));
        }
        delete(REGISTRY + "/v1/kv/" + key);
        restore.remove("demo setting");
        say("see it: " + CONSOLE + "  (Configuration: the change feed; Load balancing: a policy switch marks each instance applying it)");
        summary.put("shared setting applied by all 5 instances within", worst + " ms");
    }

    // 5 -------------------------------------------------------------------------------------------------------------
    static boolean leaderKilled() throws Exception {
        step("5/5 The Raft leader killed in the middle of writes");
        int leaderPort = leaderHttpPort(CONSENSUS);
        String leader = "consensus-" + (leaderPort - 8700);
        List<Integer> survivors = new ArrayList<>(CONSENSUS);
        survivors.remove(Integer.valueOf(leaderPort));
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        restore.put("demo writes", () -> delete(REGISTRY + "/v1/kv/config/demo-raft/?recurse"));
        Thread writer = daemon(() -> {
            for (int i = 0; writing.get(); i++) {
                String key = "config/demo-raft/" + i;
                Answer answer = put("http://127.0.0.1:" + survivors.get(i % survivors.size()) + "/v1/kv/" + key, "v" + i);
                if (answer.status() == 200 && answer.body().contains("true")) {
                    acked.put(key, "v" + i);
                }
                else {
                    failed.incrementAndGet();
                }
            }
        });
        pause(3000);
        long pid = pid(leader);
        say("writing keys on the followers (forwarded to the leader); " + acked.size() + " acknowledged so far");
        restore.put("restart " + leader, () -> suite("up"));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long killed = System.nanoTime();
        say("kill -9 " + leader + " (pid " + pid + "), the leader");
        int newLeader = -1;
        while (newLeader < 0 && System.nanoTime() - killed < Duration.ofSeconds(30).toNanos()) {
            pause(20);
            try {
                int candidate = leaderHttpPort(survivors);
                if (candidate != leaderPort) {
                    newLeader = candidate;
                }
            }
            catch (RuntimeException noLeaderYet) {
                // elections under way
            }
        }
        long electedMs = (System.nanoTime() - killed) / 1_000_000;
        say("new leader: consensus-" + (newLeader - 8700) + " after " + electedMs + " ms");
        pause(3000);
        writing.set(false);
        writer.join();
        int lost = 0;
        for (var write : acked.entrySet()) {
            Answer read = get("http://127.0.0.1:" + newLeader + "/v1/kv/" + write.getKey() + "?raw&consistent");
            if (read.status() != 200 || !read.body().equals(write.getValue())) {
                lost++;
            }
        }
        say(String.format("%d writes acknowledged, %d refused or failed during the election; acknowledged writes lost: %d",
                acked.size(), failed.get(), lost));
        say("restarting " + leader + " (./suite up starts what is missing)");
        long restarted = System.nanoTime();
        suite("up");
        restore.remove("restart " + leader);
        long target = Long.parseLong(raft(newLeader, "commit_index"));
        long caughtUp = -1;
        while (System.nanoTime() - restarted < Duration.ofSeconds(120).toNanos()) {
            String applied = raft(leaderPort, "applied_index");
            if (applied != null && Long.parseLong(applied) >= target) {
                caughtUp = (System.nanoTime() - restarted) / 1_000_000;
                break;
            }
            pause(100);
        }
        say(caughtUp >= 0 ? leader + " is back and has applied index " + target + ", " + caughtUp + " ms after its restart began"
                : leader + " did not catch up within 120 s");
        delete(REGISTRY + "/v1/kv/config/demo-raft/?recurse");
        restore.remove("demo writes");
        say("see it: " + CONSOLE + "  (Raft: the leader change in the timeline, the node's indexes catching up)");
        summary.put("Raft: new leader after kill -9 of the old one", electedMs + " ms");
        summary.put("Raft: acknowledged writes / lost", acked.size() + " / " + lost);
        summary.put("Raft: restarted node caught up after", caughtUp >= 0 ? caughtUp + " ms" : "not within 120 s");
        return lost > 0;
    }

    // --- helpers ---------------------------------------------------------------------------------------------------
    static void restoreAll() {
        List<Map.Entry<String, Runnable>> pending;
        synchronized (restore) {
            pending = new ArrayList<>(restore.entrySet());
            restore.clear();
        }
        for (var action : pending) {
            System.out.println("  restoring: " + action.getKey());
            try {
                action.getValue().run();
            }
            catch (RuntimeException e) {
                System.out.println("  could not restore " + action.getKey() + ": " + e.getMessage());
            }
        }
    }

    static int leaderHttpPort(List<Integer> nodes) {
        for (int port : nodes) {
            Answer answer = get("http://127.0.0.1:" + port + "/v1/status/leader");
            Matcher m = Pattern.compile(":(\\d+)\"").matcher(answer.body());
            if (answer.status() == 200 && m.find()) {
                return Integer.parseInt(m.group(1)) - 1000; // a node's Raft port is its HTTP port + 1000
            }
        }
        throw new IllegalStateException("no consensus node knows a leader");
    }

    static String raft(int port, String field) {
        return field(get("http://127.0.0.1:" + port + "/v1/agent/self").body(), field, "\"(\\d+)\"");
    }

    /** Requests the gateway sent to each instance of a service, from its own meter. */
    static Map<String, Long> instanceCounts(String service) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = Pattern.compile("loadbalancer_instance_requests_seconds_count\\{instance=\"([^\"]+)\",[^}]*service=\""
                + service + "\"[^}]*\\} (\\d+)").matcher(get(GATEWAY + "/actuator/prometheus").body());
        while (m.find()) {
            counts.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        }
        return counts;
    }

    static String serviceId(String service, int port) {
        Matcher m = Pattern.compile("\"Service\":\\{\"ID\":\"([^\"]+)\".*?\"Port\":(\\d+)")
                .matcher(get(REGISTRY + "/v1/health/service/" + service).body());
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) == port) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no " + service + " instance on port " + port + " in the registry");
    }

    static Thread daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void putPolicy(String policy) {
        put(REGISTRY + "/v1/kv/" + POLICY_KEY, policy);
        long index = Long.parseLong(field(get(REGISTRY + "/v1/kv/" + POLICY_KEY).body(), "ModifyIndex", "(\\d+)"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            String applied = field(get(GATEWAY + "/actuator/info").body(), "appliedIndex", "(\\d+)");
            if (applied != null && Long.parseLong(applied) >= index) {
                say("policy for order-service: " + policy + " (the gateway applied it)");
                return;
            }
            pause(10);
        }
        say("policy for order-service: " + policy + " (the gateway had not applied it after 10 s)");
    }

    static String kv(String key) {
        Answer answer = get(REGISTRY + "/v1/kv/" + key + "?raw");
        return answer.status() == 200 ? answer.body() : null;
    }

    static long pid(String instance) throws IOException {
        return Long.parseLong(Files.readString(state.resolve("pids").resolve(instance + ".pid")).trim());
    }

    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        }
    }

    static void suite(String command) {
        try {
            Path log = state.resolve("logs").resolve("demo-suite-" + command + ".log");
            int rc = new ProcessBuilder(root.resolve("suite").toString(), command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("./suite " + command + " failed (rc " + rc + "), see " + log);
            }
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException("./suite " + command + ": " + e.getMessage(), e);
        }
    }

    static String field(String json, String name, String value) {
        Matcher m = Pattern.compile("\"" + name + "\":" + value).matcher(json == null ? "" : json);
        return m.find() ? m.group(1) : null;
    }

    static Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static Answer put(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Answer delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body(), answer.headers().map());
        }
        catch (IOException e) {
            return new Answer(0, e.toString(), Map.of());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted", Map.of());
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void step(String title) {
        System.out.printf("%n\033[1m==> %s\033[0m%n", title);
    }

    static void say(String line) {
        System.out.println("    " + line);
    }
}
