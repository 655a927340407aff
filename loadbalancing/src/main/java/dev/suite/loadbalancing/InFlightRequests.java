package dev.suite.loadbalancing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Requests in flight per instance, shared by every service's balancer in the application.
 * <p>
 * Each started request holds a lease keyed by the identity of its load-balancer request object; completing releases
 * the lease at most once. So a completion reported twice, or a start without a completion followed by a new start of
 * the same request, can never drive a count below zero or leave it stuck above.
 */
public class InFlightRequests {

    private final Map<InstanceKey, AtomicInteger> counts = new ConcurrentHashMap<>();

    private final Map<RequestIdentity, InstanceKey> leases = new ConcurrentHashMap<>();

    public void started(Object request, ServiceInstance instance) {
        InstanceKey key = InstanceKey.of(instance);
        counter(key).incrementAndGet();
        InstanceKey replaced = leases.put(new RequestIdentity(request), key);
        if (replaced != null) {
            counter(replaced).decrementAndGet();
        }
    }

    public void completed(Object request) {
        InstanceKey key = leases.remove(new RequestIdentity(request));
        if (key != null) {
            counter(key).decrementAndGet();
        }
    }

    public int inFlight(ServiceInstance instance) {
        AtomicInteger count = counts.get(InstanceKey.of(instance));
        return count == null ? 0 : count.get();
    }

    /** The live counter of one instance, for gauges. */
    public AtomicInteger counter(InstanceKey key) {
        return counts.computeIfAbsent(key, unused -> new AtomicInteger());
    }

    /** Requests in flight over all instances. */
    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Started requests not completed yet; equals {@link #total()} unless something is badly wrong. */
    public int openLeases() {
        return leases.size();
    }

    private record RequestIdentity(Object request) {

        @Override
        public boolean equals(Object other) {
            return other instanceof RequestIdentity that && that.request == request;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(request);
        }
    }
}
