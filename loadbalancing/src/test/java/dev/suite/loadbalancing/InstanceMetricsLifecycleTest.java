package dev.suite.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.CompletionContext.Status;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultRequestContext;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

class InstanceMetricsLifecycleTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private final InstanceMetricsLifecycle lifecycle = new InstanceMetricsLifecycle(
            new StaticListableBeanFactory(java.util.Map.of("registry", registry)).getBeanProvider(MeterRegistry.class),
            new InFlightRequests());

    @Test
    void eachInstancesTimerPublishesTwelveLatencyBucketsForAP99() {
        ServiceInstance instance = Instances.of(1).get(0);
        Request<Object> request = new DefaultRequest<>(new DefaultRequestContext());
        Response<ServiceInstance> response = new DefaultResponse(instance);
        lifecycle.onStartRequest(request, response);
        lifecycle.onComplete(new CompletionContext<>(Status.SUCCESS, request, response));

        Timer timer = registry.get("loadbalancer.instance.requests").tag("instance", "127.0.0.1:9001").timer();
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        assertThat(buckets).hasSize(12);
        assertThat(buckets[0].bucket(TimeUnit.MILLISECONDS)).isEqualTo(2.0);
        assertThat(buckets[11].bucket(TimeUnit.SECONDS)).isEqualTo(10.0);
        assertThat(buckets[11].count()).as("the request is counted in the widest bucket").isEqualTo(1.0);
    }

    @Test
    void aPercentileHistogramWouldCostFiveTimesAsManyBucketsEvenWhenClamped() {
        // What a Prometheus registry would publish for publishPercentileHistogram() with 1 ms-10 s expected values.
        DistributionStatisticConfig clamped = DistributionStatisticConfig.builder().percentilesHistogram(true)
                .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
                .build().merge(DistributionStatisticConfig.DEFAULT);

        int buckets = clamped.getHistogramBuckets(true).size();
        assertThat(buckets).isGreaterThanOrEqualTo(5 * InstanceMetricsLifecycle.LATENCY_BUCKETS.length);
        System.out.println("percentile histogram 1 ms-10 s: " + buckets + " buckets; ours: "
                + Arrays.toString(InstanceMetricsLifecycle.LATENCY_BUCKETS));
    }
}
