package dev.suite.loadbalancing;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * The policies in force, as this instance applies them, under {@code loadbalancing.policies} in
 * {@code /actuator/info}: the answer to "has my policy switch reached this service?".
 */
class LoadBalancingInfo implements InfoContributor {

    private final LoadBalancingSettings settings;

    LoadBalancingInfo(LoadBalancingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, String> policies = new TreeMap<>();
        settings.current().services().forEach((service, chosen) -> policies.put(service, chosen.policy().toString()));
        builder.withDetail("loadbalancing", Map.of("policies", policies));
    }
}
