package dev.suite.loadbalancing;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightRequestsTest {

    private long nanoTime;

    private final InFlightRequests inFlight = new InFlightRequests(() -> nanoTime);

    private final ServiceInstance instance = Instances.of(1).get(0);

    @Test
    void averagesResponseTimesFromStartToCompletion() {
        assertThat(inFlight.responseTimeNanos(instance)).isZero();

        answerIn(1_000_000);
        assertThat(inFlight.responseTimeNanos(instance)).isEqualTo(1_000_000);

        // each completion moves the average a quarter of the way to the new sample
        answerIn(5_000_000);
        assertThat(inFlight.responseTimeNanos(instance)).isEqualTo(2_000_000);
    }

    @Test
    void measuresARequestReplacedByANewStartNotAtAll() {
        Object request = new Object();
        inFlight.started(request, instance);
        nanoTime += 9_000_000;
        inFlight.started(request, instance);
        nanoTime += 1_000_000;
        inFlight.completed(request);

        assertThat(inFlight.responseTimeNanos(instance)).isEqualTo(1_000_000);
        assertThat(inFlight.inFlight(instance)).isZero();
    }

    private void answerIn(long nanos) {
        Object request = new Object();
        inFlight.started(request, instance);
        nanoTime += nanos;
        inFlight.completed(request);
    }
}
