package dev.suite.loadbalancing;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Gives every application that depends on this module per-service round-robin or least-connections balancing,
 * switchable live, for all its Spring Cloud LoadBalancer clients (gateway routes, {@code @LoadBalanced} RestClient).
 */
@AutoConfiguration
@ConditionalOnProperty(value = "spring.cloud.loadbalancer.enabled", havingValue = "true", matchIfMissing = true)
@LoadBalancerClients(defaultConfiguration = PolicySwitchingLoadBalancerConfiguration.class)
public class LoadBalancingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LoadBalancingSettings loadBalancingSettings(ConfigurableEnvironment environment) {
        return new LoadBalancingSettings(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    InFlightRequests inFlightRequests() {
        return new InFlightRequests();
    }

    @Bean
    InFlightRequestsLifecycle inFlightRequestsLifecycle(InFlightRequests inFlightRequests) {
        return new InFlightRequestsLifecycle(inFlightRequests);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    static class InfoConfiguration {

        @Bean
        LoadBalancingInfo loadBalancingInfo(LoadBalancingSettings settings) {
            return new LoadBalancingInfo(settings);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class InstanceMetricsConfiguration {

        @Bean
        InstanceMetricsLifecycle instanceMetricsLifecycle(ObjectProvider<MeterRegistry> registries,
                InFlightRequests inFlightRequests) {
            return new InstanceMetricsLifecycle(registries, inFlightRequests);
        }
    }
}
