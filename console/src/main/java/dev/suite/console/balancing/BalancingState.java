package dev.suite.console.balancing;

import java.util.List;

/**
 * The load-balancing view: per calling application instance (a gateway, an order-service) and per target service,
 * the policy in the KV store and each target instance's figures from the caller's per-instance meters.
 */
public record BalancingState(List<Caller> callers, List<Policy> policies) {

    /**
     * One scraped instance of a calling application; {@code error} says why it has no figures (unreachable, meters
     * not exposed).
     */
    public record Caller(String application, String instanceId, String address, String error, List<Target> targets) {
    }

    /**
     * One target instance as a caller sees it.
     *
     * @param inFlight   requests in flight now ({@code loadbalancer_instance_active})
     * @param rps        completed requests per second over the last scrape interval
     * @param share      this instance's part of the service's requests over that interval (0..1)
     * @param p99Ms      99th percentile latency over that interval, from histogram buckets; null when the caller
     *                   publishes none
     * @param maxMs      the meter's recent maximum ({@code _max}), always published
     * @param history    the last rps values, oldest first, one per scrape
     */
    public record Target(String service, String instance, double inFlight, double rps, double share, Double p99Ms,
                         double maxMs, List<Double> history) {
    }

    /**
     * The policy keys for one service: shared ({@code config/application/...}) and the gateway's own, with their
     * ModifyIndex for a check-and-set switch (0 when absent).
     */
    public record Policy(String service, String key, String value, long modifyIndex, String gatewayOverride) {
    }
}
