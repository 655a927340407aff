package dev.suite.console.balancing;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.EventHub;
import dev.suite.console.kv.KvWatcher;
import dev.suite.console.services.ServiceInstance;
import dev.suite.console.services.ServiceWatcher;
import tools.jackson.databind.JsonNode;

/**
 * Follows a policy switch made from the console until every instance applied it: reads the key's ModifyIndex back,
 * then asks each instance in the catalog for {@code /actuator/info} (the live-config module's {@code config.appliedIndex}
 * and {@code config.lastRefresh}) until it reports that index or a later one, for at most {@link #FOLLOW_FOR}.
 * Instances whose info has no applied index (not a shared-configuration client) are left out. Publishes the last
 * {@link #KEPT} switches as the {@code lb-switches} state.
 */
@Component
public class PolicySwitches implements DisposableBean {

    static final Duration FOLLOW_FOR = Duration.ofSeconds(30);
    static final int KEPT = 10;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(1);
    private static final Pattern POLICY_KEY = Pattern.compile("config/(application|gateway)/loadbalancing/services/([^/]+)/policy");

    private final ConsulHttp http;
    private final EventHub events;
    private final ConsoleProperties settings;
    private final Supplier<Map<String, List<ServiceInstance>>> catalog;
    private final LongSupplier clock;
    private final Deque<PolicySwitch> switches = new ArrayDeque<>();
    private final List<Thread> followers = new ArrayList<>();
    private volatile boolean stopped;
    private long lastId;

    @Autowired
    public PolicySwitches(ConsulHttp http, EventHub events, ConsoleProperties settings, ServiceWatcher services) {
        this(http, events, settings, services::instances, System::currentTimeMillis);
    }

    PolicySwitches(ConsulHttp http, EventHub events, ConsoleProperties settings,
                   Supplier<Map<String, List<ServiceInstance>>> catalog, LongSupplier clock) {
        this.http = http;
        this.events = events;
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
    }

    public synchronized List<PolicySwitch> recent() {
        return List.copyOf(switches);
    }

    /**
     * Starts following a write of {@code value} to {@code key} that the KV store acknowledged at
     * {@code acknowledgedMillis}; does nothing for keys other than a load-balancing policy.
     *
     * @param sentMillis when the write was sent: a refresh before it cannot be this write's
     */
    public void written(String key, String value, long sentMillis, long acknowledgedMillis) {
        Matcher matcher = POLICY_KEY.matcher(key);
        if (!matcher.matches() || stopped) {
            return;
        }
        long index = modifyIndex(key);
        List<ServiceInstance> instances = catalog.get().values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(ServiceInstance::service).thenComparing(ServiceInstance::id)).toList();
        Follow follow;
        synchronized (this) {
            follow = new Follow(++lastId, matcher.group(2), key, value, index, sentMillis, acknowledgedMillis, instances);
        }
        Thread thread = new Thread(() -> follow.run(), "policy-switch-" + follow.id);
        thread.setDaemon(true);
        synchronized (this) {
            followers.removeIf(t -> !t.isAlive());
            followers.add(thread);
        }
        follow.publish();
        thread.start();
    }

    private long modifyIndex(String key) {
        try {
            ConsulHttp.Answer answer = http.get(settings.registry(), "/v1/kv/" + KvWatcher.encodePath(key));
            if (answer.ok()) {
                JsonNode entries = http.parse(answer.body());
                return entries.path(0).path("ModifyIndex").asLong(0);
            }
        } catch (IOException | RuntimeException e) {
            // shown as index 0: the switch is then followed until every instance reports any index
        }
        return 0;
    }

    /** The policy property as Spring Cloud Consul names it: slashes become dots. */
    private static String property(String key) {
        return key.replaceFirst("^config/[^/]+/", "").replace('/', '.');
    }

    private synchronized void store(PolicySwitch state) {
        switches.removeIf(s -> s.id() == state.id());
        switches.addLast(state);
        List<PolicySwitch> sorted = new ArrayList<>(switches);
        sorted.sort((a, b) -> Long.compare(a.id(), b.id()));
        switches.clear();
        switches.addAll(sorted.subList(Math.max(0, sorted.size() - KEPT), sorted.size()));
        events.publish("lb-switches", List.copyOf(switches));
    }

    @Override
    public void destroy() {
        stopped = true;
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(followers);
        }
        running.forEach(Thread::interrupt);
    }

    /** One switch being followed: each instance is asked in turn, every {@link #POLL}, until it is settled. */
    private final class Follow {

        private final long id;
        private final String service;
        private final String key;
        private final String policy;
        private final long index;
        private final long sentMillis;
        private final long acknowledgedMillis;
        private final List<ServiceInstance> instances;
        /** Instances that reported an applied index, by instance id; the others are silent until they answer. */
        private final Map<String, PolicySwitch.Applied> reported = new LinkedHashMap<>();
        private final Map<String, Boolean> leftOut = new LinkedHashMap<>();

        Follow(long id, String service, String key, String policy, long index, long sentMillis, long acknowledgedMillis,
               List<ServiceInstance> instances) {
            this.id = id;
            this.service = service;
            this.key = key;
            this.policy = policy;
            this.index = index;
            this.sentMillis = sentMillis;
            this.acknowledgedMillis = acknowledgedMillis;
            this.instances = instances;
        }

        void run() {
            long deadline = System.nanoTime() + FOLLOW_FOR.toNanos();
            while (!stopped && !settled() && System.nanoTime() < deadline) {
                boolean changed = false;
                for (ServiceInstance instance : instances) {
                    if (!settled(instance)) {
                        changed |= ask(instance);
                    }
                }
                if (changed) {
                    publish();
                }
                if (settled()) {
                    break;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            publish(true);
        }

        /** Asks one instance; true when what is known about it changed. */
        private boolean ask(ServiceInstance instance) {
            String address = instance.address() + ":" + instance.port();
            ConsulHttp.Answer answer;
            try {
                answer = http.get(URI.create("http://" + address), "/actuator/info", INFO_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                return false;
            }
            long seenAt = clock.getAsLong();
            JsonNode config = answer.ok() ? parse(answer.body()).path("config") : null;
            if (config == null || !config.path("appliedIndex").isNumber()) {
                leftOut.put(instance.id(), true);
                return true;
            }
            long applied = config.path("appliedIndex").asLong();
            PolicySwitch.Applied before = reported.get(instance.id());
            Long appliedMillis = null;
            Long delay = null;
            if (applied >= index) {
                appliedMillis = seenAt;
                JsonNode refresh = config.path("lastRefresh");
                long refreshedAt = refresh.path("epochMillis").asLong(0);
                boolean ours = false;
                for (JsonNode changed : refresh.path("changedProperties")) {
                    ours |= changed.asText().equals(property(key));
                }
                if (ours && refreshedAt >= sentMillis && refreshedAt <= seenAt) {
                    appliedMillis = refreshedAt;
                }
                delay = Math.max(0, appliedMillis - acknowledgedMillis);
            }
            PolicySwitch.Applied now = new PolicySwitch.Applied(instance.service(), instance.id(), address, applied,
                    appliedMillis, delay);
            reported.put(instance.id(), now);
            return !now.equals(before);
        }

        private JsonNode parse(String body) {
            try {
                return http.parse(body);
            } catch (RuntimeException e) {
                return http.parse("{}");
            }
        }

        private boolean settled(ServiceInstance instance) {
            PolicySwitch.Applied applied = reported.get(instance.id());
            return leftOut.containsKey(instance.id()) || (applied != null && applied.appliedMillis() != null);
        }

        private boolean settled() {
            return instances.stream().allMatch(this::settled);
        }

        void publish() {
            publish(false);
        }

        void publish(boolean done) {
            List<PolicySwitch.Applied> applied = instances.stream().map(i -> reported.get(i.id()))
                    .filter(Objects::nonNull).toList();
            List<String> silent = instances.stream()
                    .filter(i -> !reported.containsKey(i.id()) && !leftOut.containsKey(i.id()))
                    .map(ServiceInstance::id).toList();
            store(new PolicySwitch(id, service, key, policy, index, acknowledgedMillis, applied, silent,
                    List.copyOf(leftOut.keySet()), done || settled()));
        }
    }
}
