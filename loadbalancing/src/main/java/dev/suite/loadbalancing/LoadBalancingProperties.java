package dev.suite.loadbalancing;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code loadbalancing.*}. They are re-read from the environment whenever it changes (Consul config
 * watch, {@code /actuator/refresh}), so a policy switch needs no restart.
 *
 * @param fullScanLimit least-connections compares every instance while a service has at most this many; past it, it
 *                      compares two random ones (power of two choices, as Envoy's least_request does)
 * @param services      per-service settings, keyed by service id
 */
@ConfigurationProperties("loadbalancing")
public record LoadBalancingProperties(@DefaultValue("10") int fullScanLimit, Map<String, ServiceSettings> services) {

    public LoadBalancingProperties {
        if (fullScanLimit < 2) {
            throw new IllegalArgumentException("loadbalancing.full-scan-limit must be at least 2, was " + fullScanLimit);
        }
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    public static LoadBalancingProperties defaults() {
        return new LoadBalancingProperties(10, Map.of());
    }

    public LoadBalancingPolicy policyFor(String serviceId) {
        ServiceSettings settings = services.get(serviceId);
        return settings == null ? LoadBalancingPolicy.ROUND_ROBIN : settings.policy();
    }

    /** @param policy this service's policy; round-robin unless set */
    public record ServiceSettings(@DefaultValue("round-robin") LoadBalancingPolicy policy) {
    }
}
