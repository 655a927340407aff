package dev.suite.loadbalancing;

import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out the instances this request has already been sent to (see {@link TriedInstances}), unless that would leave
 * none. Plays the part of Spring Cloud LoadBalancer's {@code RetryAwareServiceInstanceListSupplier} for callers, such as
 * the Web MVC gateway, that do not pass a {@code RetryableRequestContext}.
 */
public class UntriedInstancesServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

    public UntriedInstancesServiceInstanceListSupplier(ServiceInstanceListSupplier delegate) {
        super(delegate);
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get();
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        Set<?> tried = TriedInstances.of(request);
        if (tried.isEmpty()) {
            return delegate.get(request);
        }
        return delegate.get(request).map(instances -> {
            List<ServiceInstance> untried = instances.stream()
                    .filter(instance -> !tried.contains(InstanceKey.of(instance)))
                    .toList();
            return untried.isEmpty() ? instances : untried;
        });
    }
}
