package dev.suite.loadbalancing;

/**
 * How a service's instances share its requests. Written in configuration as {@code round-robin} or
 * {@code least-connections} (Spring's relaxed binding maps those spellings to the constants).
 */
public enum LoadBalancingPolicy {

    /** Spring Cloud LoadBalancer's own round-robin, weighted by the instance metadata {@code weight} when present. */
    ROUND_ROBIN("round-robin"),

    /** Fewest requests in flight, weighted; see {@link LeastConnectionsLoadBalancer}. */
    LEAST_CONNECTIONS("least-connections");

    private final String configValue;

    LoadBalancingPolicy(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String toString() {
        return configValue;
    }
}
