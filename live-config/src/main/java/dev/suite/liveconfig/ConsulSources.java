package dev.suite.liveconfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.cloud.consul.model.http.kv.GetValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The environment's Consul property sources (one per context, named after it, in KEY_VALUE format), replaced in place
 * with the values a watch answer carries. This is what a full refresh would end with, without rebuilding the whole
 * environment: Spring Cloud's refresh re-runs config-data processing (every config file, and one more KV read per
 * context) before it can tell which properties changed; here the answer in hand already says.
 */
final class ConsulSources {

    private ConsulSources() {
    }

    /**
     * Replaces each context's property source with the values in {@code answer} and returns the properties whose value
     * changed; empty when a context has no property source of its own to replace (then only a full refresh knows).
     */
    static Optional<Set<String>> update(ConfigurableEnvironment environment, List<String> contexts,
            List<GetValue> answer) {
        MutablePropertySources sources = environment.getPropertySources();
        Map<String, PropertySource<?>> current = new LinkedHashMap<>();
        for (String context : contexts) {
            PropertySource<?> source = sources.get(context);
            if (!(source instanceof EnumerablePropertySource<?>)) {
                return Optional.empty();
            }
            current.put(context, source);
        }
        Set<String> changed = new TreeSet<>();
        current.forEach((context, source) -> {
            Map<String, Object> properties = properties(context, answer);
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (!properties.containsKey(name)) {
                    changed.add(name);
                }
            }
            properties.forEach((name, value) -> {
                if (!Objects.equals(String.valueOf(value), String.valueOf(source.getProperty(name)))) {
                    changed.add(name);
                }
            });
            sources.replace(context, new MapPropertySource(context, properties));
        });
        return Optional.of(changed);
    }

    /** As Spring Cloud Consul reads KEY_VALUE contexts: the key after the context, slashes as dots; the last key wins. */
    static Map<String, Object> properties(String context, List<GetValue> answer) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (GetValue value : answer) {
            String key = value.getKey();
            if (key == null || !key.startsWith(context) || key.endsWith("/")) {
                continue;
            }
            String decoded = value.getDecodedValue();
            properties.put(key.substring(context.length()).replace('/', '.'), decoded == null ? "" : decoded);
        }
        return properties;
    }
}
