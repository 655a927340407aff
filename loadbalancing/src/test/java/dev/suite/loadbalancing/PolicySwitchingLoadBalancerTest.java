package dev.suite.loadbalancing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class PolicySwitchingLoadBalancerTest {

    private static final String POLICY = "loadbalancing.services." + Instances.SERVICE + ".policy";

    private final MockEnvironment environment = new MockEnvironment();

    private final InFlightRequests inFlight = new InFlightRequests();

    private final InFlightRequestsLifecycle lifecycle = new InFlightRequestsLifecycle(inFlight);

    private final List<ServiceInstance> instances = Instances.of(3);

    private LoadBalancingSettings settings;

    private PolicySwitchingLoadBalancer balancer() {
        settings = new LoadBalancingSettings(environment);
        return new PolicySwitchingLoadBalancer(Instances.SERVICE,
                ServiceInstanceListSuppliers.toProvider(Instances.SERVICE, instances.toArray(ServiceInstance[]::new)),
                settings, inFlight);
    }

    private void change(String key, String value) {
        environment.setProperty(key, value);
        settings.onApplicationEvent(new EnvironmentChangeEvent(Set.of(key)));
    }

    private static ServiceInstance choose(PolicySwitchingLoadBalancer balancer, Request<?> request) {
        return balancer.choose(request).block().getServer();
    }

    @Test
    void usesRoundRobinUnlessConfiguredOtherwise() {
        PolicySwitchingLoadBalancer balancer = balancer();
        Map<Integer, Integer> chosen = new HashMap<>();
        ServiceInstance previous = null;

        for (int i = 0; i < 30; i++) {
            ServiceInstance instance = choose(balancer, new DefaultRequest<>());
            assertThat(instance).isNotEqualTo(previous);
            chosen.merge(instance.getPort(), 1, Integer::sum);
            previous = instance;
        }

        assertThat(balancer.currentPolicy()).isEqualTo(LoadBalancingPolicy.ROUND_ROBIN);
        assertThat(chosen).containsValues(10, 10, 10);
    }

    @Test
    void switchesPolicyWhenTheEnvironmentChanges() {
        PolicySwitchingLoadBalancer balancer = balancer();
        ServiceInstance busy = instances.get(0);
        for (int i = 0; i < 5; i++) {
            lifecycle.onStartRequest(new DefaultRequest<>(), new DefaultResponse(busy));
        }
        long roundRobinToBusy = countChoicesOf(balancer, busy, 30);

        change(POLICY, "least-connections");
        long leastConnectionsToBusy = countChoicesOf(balancer, busy, 30);

        assertThat(balancer.currentPolicy()).isEqualTo(LoadBalancingPolicy.LEAST_CONNECTIONS);
        assertThat(roundRobinToBusy).isEqualTo(10);
        assertThat(leastConnectionsToBusy).isZero();
    }

    @Test
    void keepsThePreviousPolicyWhenTheNewValueIsInvalid() {
        environment.setProperty(POLICY, "least-connections");
        PolicySwitchingLoadBalancer balancer = balancer();

        change(POLICY, "fastest");

        assertThat(balancer.currentPolicy()).isEqualTo(LoadBalancingPolicy.LEAST_CONNECTIONS);
    }

    @Test
    void sendsARetryToAnInstanceNotTriedYetUnderEitherPolicy() {
        PolicySwitchingLoadBalancer balancer = balancer();
        for (String policy : List.of("round-robin", "least-connections")) {
            change(POLICY, policy);
            for (int attempt = 0; attempt < 20; attempt++) {
                Map<String, Object> attributes = new HashMap<>();
                RequestData data = new RequestData(HttpMethod.GET, java.net.URI.create("http://" + Instances.SERVICE),
                        new HttpHeaders(), new LinkedMultiValueMap<>(), attributes);
                Request<RequestDataContext> request = new DefaultRequest<>(new RequestDataContext(data));

                ServiceInstance first = choose(balancer, request);
                lifecycle.onStartRequest((Request) request, new DefaultResponse(first));
                ServiceInstance second = choose(balancer, request);
                lifecycle.onStartRequest((Request) request, new DefaultResponse(second));
                ServiceInstance third = choose(balancer, request);

                assertThat(Set.of(first, second, third)).as(policy).hasSize(3);
            }
        }
    }

    private long countChoicesOf(PolicySwitchingLoadBalancer balancer, ServiceInstance instance, int choices) {
        long count = 0;
        for (int i = 0; i < choices; i++) {
            if (choose(balancer, new DefaultRequest<>()).equals(instance)) {
                count++;
            }
        }
        return count;
    }
}
