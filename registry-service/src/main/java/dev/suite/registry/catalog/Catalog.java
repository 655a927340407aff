package dev.suite.registry.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The registry's state: service instances, their checks, a Raft-like index that grows with every change,
 * and a signal for whoever waits on a change. Knows nothing of HTTP or DNS.
 *
 * <p>Indexes follow Consul: a read answers with the index of the data it read, so a blocking query only
 * wakes for changes that concern it. {@link #servicesIndex()} moves when a service instance is added,
 * replaced or removed; {@link #serviceIndex(String)} also when one of that service's checks changes state.
 */
public class Catalog {

    private final Node node;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, RegisteredService> services = new LinkedHashMap<>();
    /** Checks by check ID, each tied to a service ID. */
    private final Map<String, CheckState> checks = new LinkedHashMap<>();
    /** Last index at which anything about instances of a service name changed; kept after the last instance leaves so waiters on that name wake. */
    private final Map<String, Long> serviceNameIndex = new HashMap<>();
    /** Lookup indexes: instance IDs per service name (sorted, as answers list them) and check IDs per instance. */
    private final Map<String, TreeSet<String>> serviceIdsByName = new HashMap<>();
    private final Map<String, Set<String>> checkIdsByService = new HashMap<>();
    private final List<CheckLifecycleListener> checkListeners = new CopyOnWriteArrayList<>();
    private long index = 1;
    private long servicesIndex = 1;
    private CompletableFuture<Long> nextChange = new CompletableFuture<>();

    public Catalog(Node node, Clock clock) {
        this.node = node;
        this.clock = clock;
    }

    public Node node() {
        return node;
    }

    public void addCheckListener(CheckLifecycleListener listener) {
        checkListeners.add(listener);
    }

    /**
     * Adds the instance, or replaces an instance with the same ID together with its checks. A check that
     * keeps its ID and kind keeps its current status, as Consul's agent does, so re-registering a healthy
     * instance does not flap it to critical.
     */
    public void register(ServiceDefinition service, List<CheckDefinition> serviceChecks) {
        List<Runnable> notifications = new ArrayList<>();
        CompletableFuture<Long> signal;
        synchronized (lock) {
            long changeIndex = index + 1;
            RegisteredService previous = services.get(service.id());
            Map<String, CheckState> previousChecks = new HashMap<>();
            if (previous != null) {
                for (CheckState state : checksOf(service.id())) {
                    if (state.definition().isMaintenance()) {
                        continue; // maintenance mode survives re-registration, as in Consul
                    }
                    previousChecks.put(state.id(), state);
                    removeCheck(state.id());
                }
                touchName(previous.name(), changeIndex);
            }
            long createIndex = previous == null ? changeIndex : previous.createIndex();
            putService(new RegisteredService(service, createIndex, changeIndex));
            for (CheckDefinition check : serviceChecks) {
                CheckState before = previousChecks.remove(check.id());
                boolean keepsState = before != null
                        && before.definition().probe().getClass() == check.probe().getClass();
                CheckStatus status = keepsState ? before.status() : check.initialStatus();
                String output = keepsState ? before.output() : "";
                Instant criticalSince = status == CheckStatus.CRITICAL
                        ? (keepsState && before.criticalSince() != null ? before.criticalSince() : clock.instant())
                        : null;
                putCheck(new CheckState(check, status, output, criticalSince,
                        keepsState ? before.createIndex() : changeIndex, changeIndex));
                if (before != null) {
                    notifications.add(() -> checkListeners.forEach(l -> l.checkRemoved(before.definition())));
                }
                notifications.add(() -> checkListeners.forEach(l -> l.checkAdded(check)));
            }
            for (CheckState dropped : previousChecks.values()) {
                notifications.add(() -> checkListeners.forEach(l -> l.checkRemoved(dropped.definition())));
            }
            touchName(service.name(), changeIndex);
            servicesIndex = changeIndex;
            signal = advance(changeIndex);
        }
        notifications.forEach(Runnable::run);
        signal.complete(index());
    }

    /** Removes the instance and its checks. */
    public void deregister(String serviceId) {
        List<CheckState> removed;
        CompletableFuture<Long> signal;
        synchronized (lock) {
            RegisteredService service = removeService(serviceId);
            if (service == null) {
                throw new UnknownServiceException(serviceId);
            }
            long changeIndex = index + 1;
            removed = checksOf(serviceId);
            removed.forEach(check -> removeCheck(check.id()));
            touchName(service.name(), changeIndex);
            servicesIndex = changeIndex;
            signal = advance(changeIndex);
        }
        removed.forEach(check -> checkListeners.forEach(l -> l.checkRemoved(check.definition())));
        signal.complete(index());
    }

    /**
     * Maintenance mode adds a critical {@code _service_maintenance:<id>} check, which takes the instance out of
     * passing answers and DNS until it is disabled. Enabling twice or disabling when off changes nothing.
     */
    public void setMaintenance(String serviceId, boolean enable, String reason) {
        CompletableFuture<Long> signal;
        synchronized (lock) {
            RegisteredService service = services.get(serviceId);
            if (service == null) {
                throw new UnknownServiceException(serviceId);
            }
            String checkId = CheckDefinition.MAINTENANCE_PREFIX + serviceId;
            boolean active = checks.containsKey(checkId);
            if (enable == active) {
                return;
            }
            long changeIndex = index + 1;
            if (enable) {
                String notes = reason == null || reason.isBlank()
                        ? "Maintenance mode is enabled for this service, but no reason was provided. This is a default message."
                        : reason;
                CheckDefinition check = new CheckDefinition(checkId, "Service Maintenance Mode", notes, serviceId,
                        new CheckDefinition.Maintenance(), CheckStatus.CRITICAL, null);
                putCheck(new CheckState(check, CheckStatus.CRITICAL, "", clock.instant(), changeIndex,
                        changeIndex));
            } else {
                removeCheck(checkId);
            }
            touchName(service.name(), changeIndex);
            signal = advance(changeIndex);
        }
        signal.complete(index());
    }

    /** A TTL check's report through the agent's pass/warn/fail endpoints. */
    public void reportTtl(String checkId, CheckStatus status, String output) {
        CheckDefinition definition;
        synchronized (lock) {
            CheckState state = checks.get(checkId);
            if (state == null) {
                throw new UnknownCheckException(checkId, null);
            }
            if (!(state.definition().probe() instanceof CheckDefinition.Ttl)) {
                throw new UnknownCheckException(checkId, "CheckID \"" + checkId + "\" does not have associated TTL");
            }
            definition = state.definition();
        }
        updateCheck(checkId, status, output);
        checkListeners.forEach(l -> l.ttlReported(definition));
    }

    /**
     * Records a probe's outcome. Only a change of status moves the index: output alone changes on almost
     * every probe and would wake every waiter for nothing (Consul throttles output-only updates for the same
     * reason). Unknown IDs are ignored: the check may have been removed while its probe ran.
     */
    public void updateCheck(String checkId, CheckStatus status, String output) {
        CompletableFuture<Long> signal = null;
        synchronized (lock) {
            CheckState state = checks.get(checkId);
            if (state == null) {
                return;
            }
            if (state.status() == status) {
                putCheck(new CheckState(state.definition(), status, output, state.criticalSince(),
                        state.createIndex(), state.modifyIndex()));
                return;
            }
            long changeIndex = index + 1;
            Instant criticalSince = status == CheckStatus.CRITICAL ? clock.instant() : null;
            putCheck(new CheckState(state.definition(), status, output, criticalSince,
                    state.createIndex(), changeIndex));
            RegisteredService service = services.get(state.definition().serviceId());
            if (service != null) {
                touchName(service.name(), changeIndex);
            }
            signal = advance(changeIndex);
        }
        signal.complete(index());
    }

    /**
     * Removes every instance that has a check which has been critical for longer than that check's
     * {@code DeregisterCriticalServiceAfter}. Returns the IDs removed.
     */
    public List<String> reapCriticalServices() {
        Instant now = clock.instant();
        List<String> expired = new ArrayList<>();
        synchronized (lock) {
            for (CheckState state : checks.values()) {
                Duration limit = state.definition().deregisterCriticalAfter();
                if (limit != null && state.criticalSince() != null
                        && !state.criticalSince().plus(limit).isAfter(now)
                        && !expired.contains(state.definition().serviceId())) {
                    expired.add(state.definition().serviceId());
                }
            }
        }
        List<String> removed = new ArrayList<>();
        for (String serviceId : expired) {
            try {
                deregister(serviceId);
                removed.add(serviceId);
            } catch (UnknownServiceException alreadyGone) {
                // deregistered meanwhile through the API
            }
        }
        return removed;
    }

    // ---- reads: immutable snapshots ----

    public long index() {
        synchronized (lock) {
            return index;
        }
    }

    public long servicesIndex() {
        synchronized (lock) {
            return servicesIndex;
        }
    }

    /** The index of the last change to instances of {@code name}; for a name never seen, the catalog's index. */
    public long serviceIndex(String name) {
        synchronized (lock) {
            return serviceNameIndex.getOrDefault(name, index);
        }
    }

    /**
     * Completes with the new index at the next change. Take it before reading, then read: a change between
     * the two still completes the future, so no change is missed.
     */
    public CompletableFuture<Long> nextChange() {
        synchronized (lock) {
            return nextChange;
        }
    }

    public List<RegisteredService> services() {
        synchronized (lock) {
            return List.copyOf(services.values());
        }
    }

    public Optional<RegisteredService> service(String serviceId) {
        synchronized (lock) {
            return Optional.ofNullable(services.get(serviceId));
        }
    }

    /** Service name to the union of its instances' tags, names sorted as Consul sorts them. */
    public Map<String, List<String>> serviceNamesWithTags() {
        Map<String, TreeSet<String>> byName = new TreeMap<>();
        synchronized (lock) {
            for (RegisteredService service : services.values()) {
                byName.computeIfAbsent(service.name(), n -> new TreeSet<>()).addAll(service.definition().tags());
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        byName.forEach((name, tags) -> result.put(name, List.copyOf(tags)));
        return result;
    }

    /** The registered service name equal to {@code name} ignoring case (DNS names are case-insensitive). */
    public Optional<String> serviceNameIgnoringCase(String name) {
        synchronized (lock) {
            if (serviceIdsByName.containsKey(name)) {
                return Optional.of(name);
            }
            return serviceIdsByName.keySet().stream().filter(name::equalsIgnoreCase).findFirst();
        }
    }

    /** Every instance of {@code name} with its checks, ordered by service ID. */
    public List<ServiceHealth> instances(String name) {
        synchronized (lock) {
            List<ServiceHealth> result = new ArrayList<>();
            for (String serviceId : serviceIdsByName.getOrDefault(name, new TreeSet<>())) {
                result.add(new ServiceHealth(services.get(serviceId), checksOf(serviceId)));
            }
            return result;
        }
    }

    public List<CheckState> checks() {
        synchronized (lock) {
            return List.copyOf(checks.values());
        }
    }

    public Optional<CheckState> check(String checkId) {
        synchronized (lock) {
            return Optional.ofNullable(checks.get(checkId));
        }
    }

    public void forEachCheck(Consumer<CheckState> action) {
        checks().forEach(action);
    }

    private List<CheckState> checksOf(String serviceId) {
        List<CheckState> result = new ArrayList<>();
        for (String checkId : checkIdsByService.getOrDefault(serviceId, new LinkedHashSet<>())) {
            result.add(checks.get(checkId));
        }
        return result;
    }

    // Every change to services and checks goes through these four, which keep the lookup indexes in step.

    private void putService(RegisteredService service) {
        RegisteredService previous = services.put(service.id(), service);
        if (previous != null && !previous.name().equals(service.name())) {
            unindexName(previous);
        }
        serviceIdsByName.computeIfAbsent(service.name(), n -> new TreeSet<>()).add(service.id());
    }

    private RegisteredService removeService(String serviceId) {
        RegisteredService removed = services.remove(serviceId);
        if (removed != null) {
            unindexName(removed);
        }
        return removed;
    }

    private void unindexName(RegisteredService service) {
        Set<String> ids = serviceIdsByName.get(service.name());
        if (ids != null) {
            ids.remove(service.id());
            if (ids.isEmpty()) {
                serviceIdsByName.remove(service.name());
            }
        }
    }

    private void putCheck(CheckState state) {
        CheckState previous = checks.put(state.id(), state);
        if (previous != null && !previous.definition().serviceId().equals(state.definition().serviceId())) {
            unindexCheck(previous);
        }
        checkIdsByService.computeIfAbsent(state.definition().serviceId(), id -> new LinkedHashSet<>()).add(state.id());
    }

    private void removeCheck(String checkId) {
        CheckState removed = checks.remove(checkId);
        if (removed != null) {
            unindexCheck(removed);
        }
    }

    private void unindexCheck(CheckState state) {
        Set<String> ids = checkIdsByService.get(state.definition().serviceId());
        if (ids != null) {
            ids.remove(state.id());
            if (ids.isEmpty()) {
                checkIdsByService.remove(state.definition().serviceId());
            }
        }
    }

    private void touchName(String name, long changeIndex) {
        serviceNameIndex.put(name, changeIndex);
    }

    /** Moves the index and swaps the change signal; the caller completes the old one outside the lock. */
    private CompletableFuture<Long> advance(long changeIndex) {
        index = changeIndex;
        CompletableFuture<Long> fired = nextChange;
        nextChange = new CompletableFuture<>();
        return fired;
    }
}
