package dev.suite.loadbalancing;

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The current {@link LoadBalancingProperties}, rebound from the environment on every {@link EnvironmentChangeEvent}
 * (which Spring Cloud publishes after a Consul config watch change or a refresh). Lives in the application context,
 * not in the per-service load-balancer contexts, because those do not receive the parent's events.
 * <p>
 * A value that does not bind (for example {@code policy: fastest}) is logged and ignored: the previous settings stay
 * in force, so a typo in the shared configuration never leaves a service without a balancer.
 */
public class LoadBalancingSettings implements ApplicationListener<EnvironmentChangeEvent> {

    private static final Log log = LogFactory.getLog(LoadBalancingSettings.class);

    private final ConfigurableEnvironment environment;

    private volatile LoadBalancingProperties current;

    public LoadBalancingSettings(ConfigurableEnvironment environment) {
        this.environment = environment;
        this.current = bind().orElse(LoadBalancingProperties.defaults());
    }

    public LoadBalancingProperties current() {
        return current;
    }

    public LoadBalancingPolicy policyFor(String serviceId) {
        return current.policyFor(serviceId);
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        bind().ifPresent(rebound -> {
            LoadBalancingProperties previous = current;
            current = rebound;
            if (!previous.equals(rebound) && log.isInfoEnabled()) {
                log.info("Load-balancing settings changed: " + rebound);
            }
        });
    }

    private Optional<LoadBalancingProperties> bind() {
        try {
            return Optional.of(Binder.get(environment)
                    .bindOrCreate("loadbalancing", LoadBalancingProperties.class));
        }
        catch (RuntimeException invalid) {
            log.error("Ignoring invalid load-balancing settings, keeping " + current + ": " + rootMessage(invalid));
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return failure.getMessage() + " (" + cause.getMessage() + ")";
    }
}
