package dev.suite.loadbalancing;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

import static org.assertj.core.api.Assertions.assertThat;

class LeastConnectionsLoadBalancerTest {

    private long nanoTime;

    private final InFlightRequests inFlight = new InFlightRequests(() -> nanoTime);

    private LeastConnectionsLoadBalancer balancer(List<ServiceInstance> instances, int fullScanLimit) {
        return new LeastConnectionsLoadBalancer(
                ServiceInstanceListSuppliers.toProvider(Instances.SERVICE, instances.toArray(ServiceInstance[]::new)),
                Instances.SERVICE, inFlight, () -> fullScanLimit);
    }

    private ServiceInstance choose(LeastConnectionsLoadBalancer balancer) {
        Response<ServiceInstance> response = balancer.choose(new DefaultRequest<>()).block();
        assertThat(response).isNotNull();
        assertThat(response.hasServer()).isTrue();
        return response.getServer();
    }

    private void occupy(ServiceInstance instance, int requests) {
        for (int i = 0; i < requests; i++) {
            inFlight.started(new Object(), instance);
        }
    }

    /** One completed request that took {@code time}, so the instance's average response time is that. */
    private void answerIn(ServiceInstance instance, Duration time) {
        Object request = new Object();
        inFlight.started(request, instance);
        nanoTime += time.toNanos();
        inFlight.completed(request);
    }

    @Test
    void choosesTheInstanceWithFewestRequestsInFlight() {
        List<ServiceInstance> instances = Instances.of(3);
        occupy(instances.get(0), 4);
        occupy(instances.get(1), 1);
        occupy(instances.get(2), 2);
        LeastConnectionsLoadBalancer balancer = balancer(instances, 10);

        for (int i = 0; i < 50; i++) {
            assertThat(choose(balancer)).isSameAs(instances.get(1));
        }
    }

    @Test
    void breaksTiesAtRandomSoIdleInstancesShareTheLoad() {
        List<ServiceInstance> instances = Instances.of(3);
        LeastConnectionsLoadBalancer balancer = balancer(instances, 10);
        Map<Integer, Integer> chosen = new HashMap<>();

        for (int i = 0; i < 3000; i++) {
            chosen.merge(choose(balancer).getPort(), 1, Integer::sum);
        }

        assertThat(chosen).hasSize(3);
        assertThat(chosen.values()).allSatisfy(count -> assertThat(count).isBetween(800, 1200));
    }

    @Test
    void breaksTiesInProportionToSpeedSoASlowInstanceRarelyWinsOne() {
        List<ServiceInstance> instances = Instances.of(3);
        ServiceInstance slow = instances.get(2);
        answerIn(instances.get(0), Duration.ofMillis(1));
        answerIn(instances.get(1), Duration.ofMillis(1));
        answerIn(slow, Duration.ofMillis(50));
        LeastConnectionsLoadBalancer balancer = balancer(instances, 10);
        Map<ServiceInstance, Integer> chosen = new HashMap<>();

        for (int i = 0; i < 3000; i++) {
            chosen.merge(choose(balancer), 1, Integer::sum);
        }

        // speeds 1 : 1 : 1/50, so the slow instance wins about 1 % of the ties and the fast ones share the rest
        assertThat(chosen.getOrDefault(slow, 0)).isLessThan(90);
        assertThat(chosen.get(instances.get(0))).isBetween(1250, 1750);
        assertThat(chosen.get(instances.get(1))).isBetween(1250, 1750);
    }

    @Test
    void sendsASlowInstanceTheRequestsForWhichItIsTheLeastLoaded() {
        List<ServiceInstance> instances = Instances.of(3);
        ServiceInstance slow = instances.get(2);
        answerIn(slow, Duration.ofMillis(50));
        occupy(instances.get(0), 1);
        occupy(instances.get(1), 1);
        LeastConnectionsLoadBalancer balancer = balancer(instances, 10);

        for (int i = 0; i < 20; i++) {
            assertThat(choose(balancer)).isSameAs(slow);
        }
    }

    @Test
    void breaksTiesBetweenTwoRandomInstancesInProportionToSpeed() {
        List<ServiceInstance> instances = Instances.of(2);
        ServiceInstance slow = instances.get(1);
        answerIn(instances.get(0), Duration.ofMillis(1));
        answerIn(slow, Duration.ofMillis(50));
        LeastConnectionsLoadBalancer twoChoices = balancer(instances, 1);
        int slowChosen = 0;

        for (int i = 0; i < 1000; i++) {
            slowChosen += choose(twoChoices) == slow ? 1 : 0;
        }

        assertThat(slowChosen).isLessThan(60);
    }

    @Test
    void weighsInFlightRequestsByTheInstanceWeight() {
        ServiceInstance heavy = Instances.instance(9001, Map.of("weight", "3"));
        ServiceInstance light = Instances.instance(9002, Map.of());
        occupy(heavy, 2);
        occupy(light, 1);
        LeastConnectionsLoadBalancer balancer = balancer(List.of(heavy, light), 10);

        // heavy: (2 + 1) / 3 = 1 against light: (1 + 1) / 1 = 2, so heavy wins despite more in flight
        for (int i = 0; i < 20; i++) {
            assertThat(choose(balancer)).isSameAs(heavy);
        }
    }

    @Test
    void ignoresWeightsThatAreNotPositiveNumbers() {
        ServiceInstance zero = Instances.instance(9001, Map.of("weight", "0"));
        ServiceInstance garbage = Instances.instance(9002, Map.of("weight", "heavy"));
        occupy(zero, 1);

        assertThat(choose(balancer(List.of(zero, garbage), 10))).isSameAs(garbage);
    }

    @Test
    void comparesTwoRandomInstancesPastTheFullScanLimit() {
        List<ServiceInstance> instances = Instances.of(20);
        for (int i = 0; i < instances.size(); i++) {
            occupy(instances.get(i), i);
        }
        LeastConnectionsLoadBalancer scanning = balancer(instances, 20);
        LeastConnectionsLoadBalancer twoChoices = balancer(instances, 19);
        Set<ServiceInstance> chosenByTwoChoices = new HashSet<>();

        for (int i = 0; i < 500; i++) {
            assertThat(choose(scanning)).isSameAs(instances.get(0));
            chosenByTwoChoices.add(choose(twoChoices));
        }

        // two choices spread over many instances but never pick the busiest, which loses every comparison
        assertThat(chosenByTwoChoices).hasSizeGreaterThan(5).doesNotContain(instances.get(19));
    }

    @Test
    void answersWithoutAServerWhenThereIsNoInstance() {
        Response<ServiceInstance> response = balancer(List.of(), 10).choose(new DefaultRequest<>()).block();

        assertThat(response).isNotNull();
        assertThat(response.hasServer()).isFalse();
    }
}
