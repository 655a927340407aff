package dev.suite.console.balancing;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.EventHub;
import dev.suite.console.kv.KvEntry;
import dev.suite.console.kv.KvWatcher;
import dev.suite.console.services.ServiceInstance;
import dev.suite.console.services.ServiceWatcher;

/**
 * Scrapes the per-instance load-balancer meters ({@code loadbalancer_instance_*}) from {@code /actuator/prometheus} of
 * every instance of the calling applications (addresses from the catalog only), every {@code console.balancing-interval},
 * and turns counters into rates, shares and a p99 over the interval. Publishes an {@code lb} state when it changed.
 */
@Component
public class BalancingWatcher {

    static final int HISTORY = 60;
    private static final String METERS = "loadbalancer_instance_";
    private static final Pattern POLICY_KEY = Pattern.compile("config/(application|gateway)/loadbalancing/services/([^/]+)/policy");

    /** Counters of one caller instance at one scrape: per target instance, requests and cumulative buckets. */
    private record Scrape(long atNanos, Map<String, Double> counts, Map<String, TreeMap<Double, Double>> buckets) {
    }

    private final ConsulHttp http;
    private final EventHub events;
    private final ServiceWatcher services;
    private final KvWatcher kv;
    private final ConsoleProperties settings;
    private final Map<String, Scrape> previous = new HashMap<>();
    private final Map<String, Deque<Double>> histories = new HashMap<>();
    private volatile BalancingState last;

    public BalancingWatcher(ConsulHttp http, EventHub events, ServiceWatcher services, KvWatcher kv,
                            ConsoleProperties settings) {
        this.http = http;
        this.events = events;
        this.services = services;
        this.kv = kv;
        this.settings = settings;
    }

    public Optional<BalancingState> last() {
        return Optional.ofNullable(last);
    }

    @Scheduled(fixedDelayString = "${console.balancing-interval:2s}", initialDelay = 1000)
    public synchronized void refresh() {
        Map<String, List<ServiceInstance>> catalog = services.instances();
        List<BalancingState.Caller> callers = new ArrayList<>();
        TreeSet<String> targetServices = new TreeSet<>();
        for (String application : settings.balancingCallers()) {
            for (ServiceInstance instance : catalog.getOrDefault(application, List.of())) {
                BalancingState.Caller caller = scrape(application, instance);
                caller.targets().forEach(t -> targetServices.add(t.service()));
                callers.add(caller);
            }
        }
        BalancingState state = new BalancingState(callers, policies(targetServices));
        if (!Objects.equals(state, last)) {
            last = state;
            events.publish("lb", state);
        }
    }

    private BalancingState.Caller scrape(String application, ServiceInstance instance) {
        String address = instance.address() + ":" + instance.port();
        ConsulHttp.Answer answer;
        try {
            answer = http.get(URI.create("http://" + address), "/actuator/prometheus", Duration.ofSeconds(2));
        } catch (IOException | RuntimeException e) {
            previous.remove(instance.id());
            return new BalancingState.Caller(application, instance.id(), address, "unreachable: " + e.getMessage(), List.of());
        }
        if (answer.status() == 404) {
            return new BalancingState.Caller(application, instance.id(), address,
                    "its meters are not exposed (/actuator/prometheus answers 404)", List.of());
        }
        if (!answer.ok()) {
            return new BalancingState.Caller(application, instance.id(), address,
                    "/actuator/prometheus answered " + answer.status(), List.of());
        }
        return new BalancingState.Caller(application, instance.id(), address, null,
                targets(instance.id(), PrometheusText.parse(answer.body(), METERS), System.nanoTime()));
    }

    List<BalancingState.Target> targets(String callerId, List<PrometheusText.Sample> samples, long nowNanos) {
        Map<String, Double> active = new TreeMap<>();
        Map<String, Double> counts = new TreeMap<>();
        Map<String, Double> max = new HashMap<>();
        Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
        for (PrometheusText.Sample sample : samples) {
            String target = sample.labels().getOrDefault("service", "?") + "|" + sample.labels().getOrDefault("instance", "?");
            switch (sample.name()) {
                case "loadbalancer_instance_active" -> active.merge(target, sample.value(), Double::sum);
                case "loadbalancer_instance_requests_seconds_count" -> counts.merge(target, sample.value(), Double::sum);
                case "loadbalancer_instance_requests_seconds_max" -> max.merge(target, sample.value(), Math::max);
                case "loadbalancer_instance_requests_seconds_bucket" -> {
                    String le = sample.labels().get("le");
                    double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    buckets.computeIfAbsent(target, t -> new TreeMap<>()).merge(bound, sample.value(), Double::sum);
                }
                default -> { }
            }
        }
        Scrape before = previous.get(callerId);
        Scrape now = new Scrape(nowNanos, counts, buckets);
        previous.put(callerId, now);
        double seconds = before == null ? 0 : (nowNanos - before.atNanos()) / 1e9;
        TreeSet<String> keys = new TreeSet<>(active.keySet());
        keys.addAll(counts.keySet());
        Map<String, Double> rates = new HashMap<>();
        Map<String, Double> serviceTotals = new HashMap<>();
        for (String key : keys) {
            double delta = before == null ? 0 : Math.max(0, counts.getOrDefault(key, 0.0) - before.counts().getOrDefault(key, 0.0));
            double rps = seconds > 0 ? delta / seconds : 0;
            rates.put(key, rps);
            serviceTotals.merge(key.substring(0, key.indexOf('|')), rps, Double::sum);
        }
        List<BalancingState.Target> targets = new ArrayList<>();
        for (String key : keys) {
            String service = key.substring(0, key.indexOf('|'));
            double rps = round(rates.get(key));
            double total = serviceTotals.get(service);
            Deque<Double> history = histories.computeIfAbsent(callerId + "|" + key, k -> new ArrayDeque<>());
            history.addLast(rps);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
            targets.add(new BalancingState.Target(service, key.substring(key.indexOf('|') + 1),
                    active.getOrDefault(key, 0.0), rps, total > 0 ? round(rates.get(key) / total) : 0,
                    p99(before == null ? null : before.buckets().get(key), buckets.get(key)),
                    round(max.getOrDefault(key, 0.0) * 1000), List.copyOf(history)));
        }
        return targets;
    }

    /**
     * The 99th percentile of the requests between two scrapes, interpolated linearly inside the bucket that holds it
     * (as Prometheus' {@code histogram_quantile}); null without buckets or requests, or when it lies past the last
     * finite bound.
     */
    static Double p99(TreeMap<Double, Double> before, TreeMap<Double, Double> now) {
        if (now == null || now.isEmpty()) {
            return null;
        }
        TreeMap<Double, Double> delta = new TreeMap<>();
        now.forEach((bound, count) -> delta.put(bound, count - (before == null ? 0 : before.getOrDefault(bound, 0.0))));
        double total = delta.getOrDefault(Double.POSITIVE_INFINITY, delta.lastEntry().getValue());
        if (total <= 0) {
            return null;
        }
        double rank = 0.99 * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : delta.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return null;
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return round((lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1000);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return null;
    }

    private List<BalancingState.Policy> policies(TreeSet<String> targetServices) {
        Map<String, KvEntry> shared = new TreeMap<>();
        Map<String, String> gateway = new HashMap<>();
        for (KvEntry entry : kv.tree().values()) {
            Matcher matcher = POLICY_KEY.matcher(entry.key());
            if (matcher.matches()) {
                if (matcher.group(1).equals("application")) {
                    shared.put(matcher.group(2), entry);
                } else {
                    gateway.put(matcher.group(2), entry.value());
                }
            }
        }
        TreeSet<String> names = new TreeSet<>(targetServices);
        names.addAll(shared.keySet());
        List<BalancingState.Policy> policies = new ArrayList<>();
        for (String name : names) {
            KvEntry entry = shared.get(name);
            policies.add(new BalancingState.Policy(name, "config/application/loadbalancing/services/" + name + "/policy",
                    entry == null ? null : entry.value(), entry == null ? 0 : entry.modifyIndex(), gateway.get(name)));
        }
        return policies;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
