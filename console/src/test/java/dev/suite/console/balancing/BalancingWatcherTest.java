package dev.suite.console.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.suite.console.ConsoleProperties;

class BalancingWatcherTest {

    private static final ConsoleProperties SETTINGS = new ConsoleProperties(URI.create("http://127.0.0.1:1"), "127.0.0.1:1",
            List.of(), "config/", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 16,
            List.of("gateway"), Duration.ofSeconds(2));

    private final BalancingWatcher watcher = new BalancingWatcher(null, null, null, null, SETTINGS);

    /** What Micrometer's Prometheus registry writes for the loadbalancing module's meters. */
    private static String scrape(int fastCount, int slowCount, int active) {
        return """
                # HELP loadbalancer_instance_active Requests in flight to one instance
                # TYPE loadbalancer_instance_active gauge
                loadbalancer_instance_active{instance="127.0.0.1:8081",service="order-service"} %d.0
                loadbalancer_instance_active{instance="127.0.0.1:8091",service="order-service"} 0.0
                # TYPE loadbalancer_instance_requests_seconds summary
                loadbalancer_instance_requests_seconds_count{instance="127.0.0.1:8081",outcome="SUCCESS",service="order-service",status="200"} %d
                loadbalancer_instance_requests_seconds_sum{instance="127.0.0.1:8081",outcome="SUCCESS",service="order-service",status="200"} 1.5
                loadbalancer_instance_requests_seconds_count{instance="127.0.0.1:8091",outcome="SUCCESS",service="order-service",status="200"} %d
                loadbalancer_instance_requests_seconds_count{instance="127.0.0.1:8091",outcome="FAILED",service="order-service",status="500"} 0
                # TYPE loadbalancer_instance_requests_seconds_max gauge
                loadbalancer_instance_requests_seconds_max{instance="127.0.0.1:8091",outcome="SUCCESS",service="order-service",status="200"} 0.25
                http_server_requests_seconds_count{method="GET"} 99
                """.formatted(active, fastCount, slowCount);
    }

    @Test
    void countersBecomeRatesAndSharesBetweenTwoScrapes() {
        watcher.targets("gw-1", PrometheusText.parse(scrape(100, 10, 0), "loadbalancer_instance_"), 0);
        List<BalancingState.Target> targets = watcher.targets("gw-1",
                PrometheusText.parse(scrape(130, 20, 3), "loadbalancer_instance_"), 2_000_000_000L);

        assertThat(targets).extracting(BalancingState.Target::instance).containsExactly("127.0.0.1:8081", "127.0.0.1:8091");
        BalancingState.Target fast = targets.get(0);
        BalancingState.Target slow = targets.get(1);
        assertThat(fast.rps()).isEqualTo(15.0);
        assertThat(slow.rps()).isEqualTo(5.0);
        assertThat(fast.share()).isEqualTo(0.75);
        assertThat(fast.inFlight()).isEqualTo(3.0);
        assertThat(slow.maxMs()).isEqualTo(250.0);
        assertThat(fast.p99Ms()).as("no histogram buckets published").isNull();
        assertThat(fast.history()).containsExactly(0.0, 15.0);
    }

    @Test
    void theP99IsInterpolatedInsideTheBucketHoldingThe99thPercentileOfTheRequestsBetweenScrapes() {
        TreeMap<Double, Double> before = new TreeMap<>();
        before.put(0.01, 50.0);
        before.put(0.1, 50.0);
        before.put(Double.POSITIVE_INFINITY, 50.0);
        TreeMap<Double, Double> now = new TreeMap<>();
        now.put(0.01, 148.0);
        now.put(0.1, 150.0);
        now.put(Double.POSITIVE_INFINITY, 150.0);

        // 100 requests since the last scrape: 98 under 10 ms, 2 between 10 and 100 ms; the 99th is half-way into the second.
        assertThat(BalancingWatcher.p99(before, now)).isEqualTo(55.0);
    }

    /** The loadbalancing module's buckets as the Prometheus registry writes them (cumulative, seconds, with +Inf). */
    private static String bucketScrape(int under5ms, int under10ms, int under25ms) {
        int total = under25ms;
        return """
                # TYPE loadbalancer_instance_requests_seconds histogram
                loadbalancer_instance_requests_seconds_bucket{instance="127.0.0.1:8082",outcome="SUCCESS",service="inventory-service",status="200",le="0.002"} 0
                loadbalancer_instance_requests_seconds_bucket{instance="127.0.0.1:8082",outcome="SUCCESS",service="inventory-service",status="200",le="0.005"} %d
                loadbalancer_instance_requests_seconds_bucket{instance="127.0.0.1:8082",outcome="SUCCESS",service="inventory-service",status="200",le="0.01"} %d
                loadbalancer_instance_requests_seconds_bucket{instance="127.0.0.1:8082",outcome="SUCCESS",service="inventory-service",status="200",le="0.025"} %d
                loadbalancer_instance_requests_seconds_bucket{instance="127.0.0.1:8082",outcome="SUCCESS",service="inventory-service",status="200",le="+Inf"} %d
                loadbalancer_instance_requests_seconds_count{instance="127.0.0.1:8082",outcome="SUCCESS",service="inventory-service",status="200"} %d
                """.formatted(under5ms, under10ms, under25ms, total, total);
    }

    @Test
    void theP99ComesFromTheCallersHistogramBucketsBetweenTwoScrapes() {
        watcher.targets("order-1", PrometheusText.parse(bucketScrape(10, 10, 10), "loadbalancer_instance_"), 0);
        // 200 more requests: 190 under 5 ms, 8 more under 10 ms, 2 more under 25 ms; the 198th is the last under 10 ms.
        List<BalancingState.Target> targets = watcher.targets("order-1",
                PrometheusText.parse(bucketScrape(200, 208, 210), "loadbalancer_instance_"), 2_000_000_000L);

        assertThat(targets).singleElement().satisfies(target -> {
            assertThat(target.rps()).isEqualTo(100.0);
            assertThat(target.p99Ms()).isEqualTo(10.0);
        });
    }
}
