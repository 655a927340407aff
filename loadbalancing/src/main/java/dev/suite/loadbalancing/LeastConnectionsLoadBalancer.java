package dev.suite.loadbalancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.SelectedInstanceCallback;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.util.function.SingletonSupplier;

/**
 * Sends each request to the instance with the fewest requests in flight, as counted by {@link InFlightRequests}
 * (which {@link InFlightRequestsLifecycle} keeps up to date).
 * <p>
 * With weights (metadata {@code weight}), the instance with the lowest {@code (inFlight + 1) / weight} wins, the
 * effective weight Envoy's least_request uses, so an idle heavy instance is preferred to an idle light one.
 * <p>
 * Ties are broken at random, in proportion to each tied instance's speed (the inverse of its recent response time, see
 * {@link InFlightRequests}): instances that answer alike share the load evenly instead of the first one in the list
 * taking it all, while an instance that answers a hundred times slower wins a tie about once in a hundred. Without
 * that, a slow instance whose count drops back to the others' wins a third of the ties among three and keeps a
 * request in flight most of the time; it still gets every request for which it is strictly the least loaded, so its
 * average follows it when it recovers. An instance with no completed request yet counts as fast.
 * <p>
 * Up to {@code fullScanLimit} instances (default 10, {@code loadbalancing.full-scan-limit}) every instance is
 * compared. Past that, two instances picked at random are compared (power of two choices, as Envoy's least_request
 * does): a scan per request would cost more than it gains, and two choices already avoid the worst instances with
 * high probability while not herding every concurrent request onto the same momentarily idle one.
 */
public class LeastConnectionsLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private static final Log log = LogFactory.getLog(LeastConnectionsLoadBalancer.class);

    /** Floor of the response time in the tie-break, so an unmeasured instance is fast, not infinitely fast. */
    private static final long MIN_RESPONSE_TIME_NANOS = 1_000;

    private final String serviceId;

    private final SingletonSupplier<ServiceInstanceListSupplier> instances;

    private final InFlightRequests inFlightRequests;

    private final IntSupplier fullScanLimit;

    public LeastConnectionsLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> instances, String serviceId,
            InFlightRequests inFlightRequests, IntSupplier fullScanLimit) {
        this.serviceId = serviceId;
        this.instances = SingletonSupplier.of(() -> instances.getIfAvailable(NoopServiceInstanceListSupplier::new));
        this.inFlightRequests = inFlightRequests;
        this.fullScanLimit = fullScanLimit;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = instances.obtain();
        return supplier.get(request).next().map(candidates -> {
            Response<ServiceInstance> response = choose(candidates);
            if (supplier instanceof SelectedInstanceCallback callback && response.hasServer()) {
                callback.selectedServiceInstance(response.getServer());
            }
            return response;
        });
    }

    Response<ServiceInstance> choose(List<ServiceInstance> candidates) {
        if (candidates.isEmpty()) {
            if (log.isWarnEnabled()) {
                log.warn("No servers available for service: " + serviceId);
            }
            return new EmptyResponse();
        }
        if (candidates.size() == 1) {
            return new DefaultResponse(candidates.get(0));
        }
        ServiceInstance chosen = candidates.size() <= fullScanLimit.getAsInt()
                ? leastLoaded(candidates)
                : betterOfTwoRandom(candidates);
        return new DefaultResponse(chosen);
    }

    private ServiceInstance leastLoaded(List<ServiceInstance> candidates) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ServiceInstance best = null;
        long bestLoad = 0;
        long bestWeight = 1;
        double tiedSpeed = 0;
        for (ServiceInstance candidate : candidates) {
            long load = inFlightRequests.inFlight(candidate) + 1L;
            long weight = InstanceWeights.weightOf(candidate);
            double speed = speedOf(candidate);
            int comparison = best == null ? -1 : Long.compare(load * bestWeight, bestLoad * weight);
            if (comparison < 0) {
                best = candidate;
                bestLoad = load;
                bestWeight = weight;
                tiedSpeed = speed;
            }
            else if (comparison == 0) {
                // weighted reservoir sampling: each tied instance ends up chosen with probability speed / total speed
                tiedSpeed += speed;
                if (random.nextDouble() * tiedSpeed < speed) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private ServiceInstance betterOfTwoRandom(List<ServiceInstance> candidates) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(candidates.size());
        int second = random.nextInt(candidates.size() - 1);
        if (second >= first) {
            second++;
        }
        ServiceInstance a = candidates.get(first);
        ServiceInstance b = candidates.get(second);
        long loadA = (inFlightRequests.inFlight(a) + 1L) * InstanceWeights.weightOf(b);
        long loadB = (inFlightRequests.inFlight(b) + 1L) * InstanceWeights.weightOf(a);
        if (loadA == loadB) {
            double speedA = speedOf(a);
            return random.nextDouble() * (speedA + speedOf(b)) < speedA ? a : b;
        }
        return loadA < loadB ? a : b;
    }

    /** Requests per nanosecond at the recent response time; one per microsecond when nothing was measured yet. */
    private double speedOf(ServiceInstance instance) {
        return 1.0 / Math.max(MIN_RESPONSE_TIME_NANOS, inFlightRequests.responseTimeNanos(instance));
    }
}
