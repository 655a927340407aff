package dev.suite.loadbalancing;

import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Reads an instance's weight from its metadata key {@code weight} (Consul service {@code Meta}), the same key Spring
 * Cloud LoadBalancer's weighted round-robin uses. Missing, non-numeric or non-positive weights count as 1.
 */
final class InstanceWeights {

    static final String METADATA_KEY = "weight";

    private InstanceWeights() {
    }

    static int weightOf(ServiceInstance instance) {
        Map<String, String> metadata = instance.getMetadata();
        String value = metadata == null ? null : metadata.get(METADATA_KEY);
        if (value == null) {
            return 1;
        }
        try {
            int weight = Integer.parseInt(value.trim());
            return weight > 0 ? weight : 1;
        }
        catch (NumberFormatException notANumber) {
            return 1;
        }
    }
}
