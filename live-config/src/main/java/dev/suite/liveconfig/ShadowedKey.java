package dev.suite.liveconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A KV key that cannot take effect because another key in the same context names the same property: Spring Cloud
 * Consul turns {@code config/application/a/b/c} and {@code config/application/a.b.c} both into {@code a.b.c}, and
 * the one read last (the later in key order) wins.
 *
 * @param property the property both keys set
 * @param ignored  the key whose value is not used
 * @param inEffect the key whose value is used
 */
public record ShadowedKey(String property, String ignored, String inEffect) {

    /** The shadowed keys among {@code keys} (in the order the KV store lists them), for each of {@code contexts}. */
    static List<ShadowedKey> find(List<String> contexts, List<String> keys) {
        List<ShadowedKey> shadowed = new ArrayList<>();
        for (String context : contexts) {
            Map<String, String> keyByProperty = new LinkedHashMap<>();
            for (String key : keys) {
                if (!key.startsWith(context) || key.endsWith("/")) {
                    continue;
                }
                String property = key.substring(context.length()).replace('/', '.');
                String earlier = keyByProperty.put(property, key);
                if (earlier != null) {
                    shadowed.add(new ShadowedKey(property, earlier, key));
                }
            }
        }
        return List.copyOf(shadowed);
    }
}
