package dev.suite.loadbalancing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Configuration of every service's load-balancer child context (registered as the default for all clients). Its
 * balancer replaces Spring Cloud LoadBalancer's default round-robin bean; the instance list supplier (discovery client,
 * Caffeine cache, health checks if configured) is still Spring Cloud LoadBalancer's.
 */
@Configuration(proxyBeanMethods = false)
public class PolicySwitchingLoadBalancerConfiguration {

    @Bean
    ReactorLoadBalancer<ServiceInstance> policySwitchingLoadBalancer(Environment environment,
            ObjectProvider<ServiceInstanceListSupplier> instances, LoadBalancingSettings settings,
            InFlightRequests inFlightRequests) {
        String serviceId = environment.getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        return new PolicySwitchingLoadBalancer(serviceId, instances, settings, inFlightRequests);
    }
}
