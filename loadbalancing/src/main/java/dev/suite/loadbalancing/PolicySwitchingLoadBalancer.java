package dev.suite.loadbalancing;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.RoundRobinLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.WeightedServiceInstanceListSupplier;
import org.springframework.util.function.SingletonSupplier;

/**
 * One service's balancer: asks {@link LoadBalancingSettings} for the service's policy on every choice and hands the
 * choice to Spring Cloud LoadBalancer's {@link RoundRobinLoadBalancer} or to the {@link LeastConnectionsLoadBalancer}.
 * Both stay alive, so a switch keeps the round-robin position, and in-flight counts are kept whatever the policy, so
 * least-connections is accurate from its first choice after a switch.
 * <p>
 * Both see the instance list through {@link UntriedInstancesServiceInstanceListSupplier} (a retry goes elsewhere);
 * round-robin also through Spring Cloud LoadBalancer's {@link WeightedServiceInstanceListSupplier} (weights from the
 * metadata {@code weight}), least-connections reads the weights itself.
 */
public class PolicySwitchingLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private final String serviceId;

    private final LoadBalancingSettings settings;

    private final RoundRobinLoadBalancer roundRobin;

    private final LeastConnectionsLoadBalancer leastConnections;

    public PolicySwitchingLoadBalancer(String serviceId, ObjectProvider<ServiceInstanceListSupplier> instances,
            LoadBalancingSettings settings, InFlightRequests inFlightRequests) {
        this.serviceId = serviceId;
        this.settings = settings;
        SingletonSupplier<ServiceInstanceListSupplier> discovered = SingletonSupplier
                .of(() -> instances.getIfAvailable(NoopServiceInstanceListSupplier::new));
        // the weighted supplier drops the request on its way down, so the retry filter must sit above it
        this.roundRobin = new RoundRobinLoadBalancer(lazily(SingletonSupplier.of(
                () -> new UntriedInstancesServiceInstanceListSupplier(
                        new WeightedServiceInstanceListSupplier(discovered.obtain())))),
                serviceId);
        this.leastConnections = new LeastConnectionsLoadBalancer(
                lazily(SingletonSupplier.of(() -> new UntriedInstancesServiceInstanceListSupplier(discovered.obtain()))),
                serviceId, inFlightRequests, () -> settings.current().fullScanLimit());
    }

    public LoadBalancingPolicy currentPolicy() {
        return settings.policyFor(serviceId);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        return switch (currentPolicy()) {
            case ROUND_ROBIN -> roundRobin.choose(request);
            case LEAST_CONNECTIONS -> leastConnections.choose(request);
        };
    }

    private static ObjectProvider<ServiceInstanceListSupplier> lazily(
            SingletonSupplier<ServiceInstanceListSupplier> supplier) {
        return new ObjectProvider<>() {
            @Override
            public ServiceInstanceListSupplier getObject() {
                return supplier.obtain();
            }

            @Override
            public ServiceInstanceListSupplier getIfAvailable() {
                return supplier.obtain();
            }
        };
    }
}
