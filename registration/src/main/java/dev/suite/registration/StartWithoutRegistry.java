package dev.suite.registration;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets an application start while the registry is down: Spring Cloud Consul's discovery fails start-up by
 * default ({@code fail-fast=true}); {@link RegistrationReconciler} registers it once the registry is up.
 * Added as the lowest-precedence source, so any explicit setting still wins.
 */
public class StartWithoutRegistry implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("suite.registration.enabled", Boolean.class, true)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("suiteRegistrationDefaults",
                Map.of("spring.cloud.consul.discovery.fail-fast", "false")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
