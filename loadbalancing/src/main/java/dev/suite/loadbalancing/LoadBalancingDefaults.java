package dev.suite.loadbalancing;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lowest-precedence defaults for Spring Cloud LoadBalancer that any application may override: the instance-list cache
 * (Caffeine, since it is on the class path) keeps lists for 1 s instead of 35 s, so an instance whose checks fail leaves
 * rotation within about 2 s (the gateway retries the requests that hit it meanwhile).
 */
public class LoadBalancingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "loadbalancingDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                    "spring.cloud.loadbalancer.cache.ttl", "1s",
                    "spring.cloud.loadbalancer.cache.capacity", "256")));
        }
    }
}
