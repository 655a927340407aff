package dev.suite.loadbalancing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.CompletionContext.Status;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightRequestsLifecycleTest {

    private static final int THREADS = 100;

    private final InFlightRequests inFlight = new InFlightRequests();

    private final InFlightRequestsLifecycle lifecycle = new InFlightRequestsLifecycle(inFlight);

    private final List<ServiceInstance> instances = Instances.of(3);

    private final LeastConnectionsLoadBalancer balancer = new LeastConnectionsLoadBalancer(
            ServiceInstanceListSuppliers.toProvider(Instances.SERVICE, instances.toArray(ServiceInstance[]::new)),
            Instances.SERVICE, inFlight, () -> 10);

    private Response<ServiceInstance> start(Request<Object> request) {
        Response<ServiceInstance> response = balancer.choose(request).block();
        lifecycle.onStartRequest(request, response);
        return response;
    }

    @Test
    void countsARequestFromItsStartUntilItCompletes() {
        Request<Object> request = new DefaultRequest<>();
        Response<ServiceInstance> response = start(request);

        assertThat(inFlight.inFlight(response.getServer())).isEqualTo(1);

        lifecycle.onComplete(new CompletionContext<>(Status.SUCCESS, request, response));
        assertThat(inFlight.inFlight(response.getServer())).isZero();
    }

    @Test
    void releasesTheCountWhenTheRequestFailsTimesOutOrIsCancelled() {
        for (Throwable failure : List.of(new IOException("connection refused"), new TimeoutException("read timed out"),
                new InterruptedException("cancelled"))) {
            Request<Object> request = new DefaultRequest<>();
            Response<ServiceInstance> response = start(request);
            lifecycle.onComplete(new CompletionContext<>(Status.FAILED, failure, request, response));
        }

        assertThat(inFlight.total()).isZero();
        assertThat(inFlight.openLeases()).isZero();
    }

    @Test
    void countsACompletionReportedTwiceOnlyOnce() {
        Request<Object> first = new DefaultRequest<>();
        Request<Object> second = new DefaultRequest<>();
        Response<ServiceInstance> onlyInstance = new DefaultResponse(instances.get(0));
        lifecycle.onStartRequest(first, onlyInstance);
        lifecycle.onStartRequest(second, onlyInstance);

        lifecycle.onComplete(new CompletionContext<>(Status.SUCCESS, first, onlyInstance));
        lifecycle.onComplete(new CompletionContext<>(Status.FAILED, new IOException(), first, onlyInstance));

        assertThat(inFlight.inFlight(instances.get(0))).isEqualTo(1);
    }

    @Test
    void ignoresRequestsDiscardedForLackOfAnInstance() {
        Request<Object> request = new DefaultRequest<>();
        lifecycle.onComplete(new CompletionContext<>(Status.DISCARD, request));

        assertThat(inFlight.total()).isZero();
    }

    @Test
    void keepsCountsConsistentUnderAHundredConcurrentRequestsAndReturnsToZero() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier allStarted = new CyclicBarrier(THREADS);
        CountDownLatch checked = new CountDownLatch(1);
        Map<Integer, AtomicInteger> heldPerPort = new ConcurrentHashMap<>();
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    // a burst of short requests with every kind of outcome ...
                    for (int i = 0; i < 200; i++) {
                        Request<Object> request = new DefaultRequest<>();
                        Response<ServiceInstance> response = start(request);
                        Status status = i % 3 == 0 ? Status.FAILED : Status.SUCCESS;
                        lifecycle.onComplete(status == Status.FAILED
                                ? new CompletionContext<>(status, new IOException("reset"), request, response)
                                : new CompletionContext<>(status, request, response));
                        if (i % 10 == thread % 10) {
                            lifecycle.onComplete(new CompletionContext<>(Status.SUCCESS, request, response));
                        }
                    }
                    // ... then one request each, all held open at the same moment
                    Request<Object> held = new DefaultRequest<>();
                    Response<ServiceInstance> response = start(held);
                    heldPerPort.computeIfAbsent(response.getServer().getPort(), port -> new AtomicInteger())
                            .incrementAndGet();
                    allStarted.await(30, TimeUnit.SECONDS);
                    checked.await(30, TimeUnit.SECONDS);
                    lifecycle.onComplete(new CompletionContext<>(Status.SUCCESS, held, response));
                    return null;
                }));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> heldPerPort.values().stream().mapToInt(AtomicInteger::get).sum() == THREADS);

            assertThat(inFlight.total()).isEqualTo(THREADS);
            assertThat(inFlight.openLeases()).isEqualTo(THREADS);
            for (ServiceInstance instance : instances) {
                assertThat(inFlight.inFlight(instance))
                        .isEqualTo(heldPerPort.getOrDefault(instance.getPort(), new AtomicInteger()).get())
                        .as("least-connections spreads 100 concurrent requests over 3 instances")
                        .isBetween(25, 42);
            }

            checked.countDown();
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            assertThat(inFlight.total()).isZero();
            assertThat(inFlight.openLeases()).isZero();
            for (ServiceInstance instance : instances) {
                assertThat(inFlight.inFlight(instance)).isZero();
            }
        }
        finally {
            checked.countDown();
            threads.shutdownNow();
        }
    }
}
