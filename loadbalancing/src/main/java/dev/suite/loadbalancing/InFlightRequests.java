package dev.suite.loadbalancing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Requests in flight per instance, and each instance's recent response time, shared by every service's balancer in
 * the application.
 * <p>
 * Each started request holds a lease keyed by the identity of its load-balancer request object; completing releases
 * the lease at most once. So a completion reported twice, or a start without a completion followed by a new start of
 * the same request, can never drive a count below zero or leave it stuck above.
 * <p>
 * The response time is an exponentially weighted moving average of the time from choice to completion, whatever the
 * outcome (a timeout is a slow answer too); each completion moves it a quarter of the way to the new sample.
 */
public class InFlightRequests {

    private final LongSupplier nanoClock;

    private final Map<InstanceKey, InstanceLoad> loads = new ConcurrentHashMap<>();

    private final Map<RequestIdentity, Lease> leases = new ConcurrentHashMap<>();

    public InFlightRequests() {
        this(System::nanoTime);
    }

    InFlightRequests(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public void started(Object request, ServiceInstance instance) {
        InstanceLoad load = loadOf(InstanceKey.of(instance));
        load.inFlight.incrementAndGet();
        Lease replaced = leases.put(new RequestIdentity(request), new Lease(load, nanoClock.getAsLong()));
        if (replaced != null) {
            replaced.load().inFlight.decrementAndGet();
        }
    }

    public void completed(Object request) {
        Lease lease = leases.remove(new RequestIdentity(request));
        if (lease != null) {
            lease.load().inFlight.decrementAndGet();
            lease.load().recordResponseTime(nanoClock.getAsLong() - lease.startNanos());
        }
    }

    public int inFlight(ServiceInstance instance) {
        InstanceLoad load = loads.get(InstanceKey.of(instance));
        return load == null ? 0 : load.inFlight.get();
    }

    /** The instance's average response time in nanoseconds, or 0 before its first completed request. */
    public long responseTimeNanos(ServiceInstance instance) {
        InstanceLoad load = loads.get(InstanceKey.of(instance));
        return load == null ? 0 : load.responseTimeNanos;
    }

    /** The live counter of one instance, for gauges. */
    public AtomicInteger counter(InstanceKey key) {
        return loadOf(key).inFlight;
    }

    /** Requests in flight over all instances. */
    public int total() {
        return loads.values().stream().mapToInt(load -> load.inFlight.get()).sum();
    }

    /** Started requests not completed yet; equals {@link #total()} unless something is badly wrong. */
    public int openLeases() {
        return leases.size();
    }

    private InstanceLoad loadOf(InstanceKey key) {
        return loads.computeIfAbsent(key, unused -> new InstanceLoad());
    }

    private static final class InstanceLoad {

        final AtomicInteger inFlight = new AtomicInteger();

        /** Written by completing threads without a lock: a sample lost to a race only delays the average a little. */
        volatile long responseTimeNanos;

        void recordResponseTime(long sampleNanos) {
            long sample = Math.max(1, sampleNanos);
            long previous = responseTimeNanos;
            responseTimeNanos = previous == 0 ? sample : previous + (sample - previous) / 4;
        }
    }

    private record Lease(InstanceLoad load, long startNanos) {
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
