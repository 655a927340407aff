package dev.suite.loadbalancing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.client.loadbalancer.TimedRequestContext;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.ClassUtils;

/**
 * Per-instance Micrometer metrics: {@code loadbalancer.instance.active} (gauge of requests in flight, the counts
 * least-connections decides on) and {@code loadbalancer.instance.requests} (timer of completed requests, tagged with
 * outcome and HTTP status). The timer publishes cumulative histogram buckets at {@link #LATENCY_BUCKETS}, so that a p99 can
 * be computed from outside (Prometheus' {@code histogram_quantile}, the console): 12 bounds plus {@code +Inf}, 13 series
 * per timer, instead of the 60 (plus {@code +Inf}) that Micrometer's percentile histogram adds even when clamped to 1 ms-10 s.
 * {@code management.metrics.distribution.slo.loadbalancer.instance.requests} overrides the bounds.
 * <p>
 * Spring Cloud LoadBalancer's own {@code MicrometerStatsLoadBalancerLifecycle} keys its gauges by
 * {@code ServiceInstance} equality, which the Web MVC gateway's per-request instance wrapper does not implement, so
 * with the gateway it grows a map entry per request and its active gauge stays wrong; these meters key by address.
 */
public class InstanceMetricsLifecycle implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

    private static final boolean WEB_MVC_PRESENT = ClassUtils
            .isPresent("org.springframework.web.servlet.function.ServerResponse", null);

    /** From 2 ms (a loopback call) to the gateway's longest response timeout, 10 s: about 2.5x apart. */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final ObjectProvider<MeterRegistry> registries;

    private final InFlightRequests inFlightRequests;

    private final Map<InstanceKey, Boolean> gaugesRegistered = new ConcurrentHashMap<>();

    /** Timers by instance, outcome and status: building and registering a meter on every request costs more than it. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /** Resolved on first use, not per request: an ObjectProvider lookup walks the bean factory every time. */
    private volatile MeterRegistry registry;

    public InstanceMetricsLifecycle(ObjectProvider<MeterRegistry> registries, InFlightRequests inFlightRequests) {
        this.registries = registries;
        this.inFlightRequests = inFlightRequests;
    }

    @Override
    public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
        return ServiceInstance.class.isAssignableFrom(serverTypeClass);
    }

    @Override
    public void onStart(Request<Object> request) {
    }

    @Override
    public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
        if (request != null && request.getContext() instanceof TimedRequestContext timed) {
            timed.setRequestStartTime(System.nanoTime());
        }
        if (lbResponse != null && lbResponse.hasServer()) {
            InstanceKey key = InstanceKey.of(lbResponse.getServer());
            gaugesRegistered.computeIfAbsent(key, this::registerActiveGauge);
        }
    }

    @Override
    public void onComplete(CompletionContext<Object, ServiceInstance, Object> completion) {
        MeterRegistry registry = registry();
        Response<ServiceInstance> lbResponse = completion.getLoadBalancerResponse();
        if (registry == null || completion.status() == CompletionContext.Status.DISCARD || lbResponse == null
                || !lbResponse.hasServer()) {
            return;
        }
        Request<Object> request = completion.getLoadBalancerRequest();
        if (request == null || !(request.getContext() instanceof TimedRequestContext timed)
                || timed.getRequestStartTime() == 0) {
            return;
        }
        TimerKey timerKey = new TimerKey(InstanceKey.of(lbResponse.getServer()), completion.status().name(),
                statusOf(completion.getClientResponse()));
        timers.computeIfAbsent(timerKey, unused -> Timer.builder("loadbalancer.instance.requests")
                .description("Requests sent to one instance by the load balancer, from choice to response headers")
                .tag("service", timerKey.instance().serviceId())
                .tag("instance", timerKey.instance().address())
                .tag("outcome", timerKey.outcome())
                .tag("status", timerKey.status())
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry))
                .record(System.nanoTime() - timed.getRequestStartTime(), TimeUnit.NANOSECONDS);
    }

    private MeterRegistry registry() {
        MeterRegistry resolved = registry;
        if (resolved == null) {
            resolved = registries.getIfAvailable();
            registry = resolved;
        }
        return resolved;
    }

    private Boolean registerActiveGauge(InstanceKey key) {
        MeterRegistry registry = registry();
        if (registry == null) {
            return Boolean.FALSE;
        }
        Gauge.builder("loadbalancer.instance.active", inFlightRequests.counter(key), Number::doubleValue)
                .description("Requests in flight to one instance")
                .tag("service", key.serviceId())
                .tag("instance", key.address())
                .register(registry);
        return Boolean.TRUE;
    }

    private static String statusOf(Object clientResponse) {
        try {
            if (clientResponse instanceof ResponseData data && data.getHttpStatus() != null) {
                return String.valueOf(data.getHttpStatus().value());
            }
            if (clientResponse instanceof ClientHttpResponse response) {
                return String.valueOf(response.getStatusCode().value());
            }
            if (WEB_MVC_PRESENT) {
                return WebMvcStatus.of(clientResponse);
            }
        }
        catch (Exception unreadable) {
            // a response whose status cannot be read is still counted, as status "none"
        }
        return "none";
    }

    private record TimerKey(InstanceKey instance, String outcome, String status) {
    }

    private static final class WebMvcStatus {

        static String of(Object clientResponse) {
            return clientResponse instanceof org.springframework.web.servlet.function.ServerResponse response
                    ? String.valueOf(response.statusCode().value())
                    : "none";
        }
    }
}
