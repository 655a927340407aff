package dev.suite.liveconfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.config.ConsulConfigAutoConfiguration;
import org.springframework.cloud.consul.config.ConsulConfigIndexes;
import org.springframework.cloud.consul.config.ConsulConfigProperties;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The shared-configuration watch ({@link ConfigTreeWatch}) and the record of what was applied
 * ({@link AppliedConfiguration}, in {@code /actuator/info}). Services that use it turn Spring Cloud Consul's own watch
 * off ({@code spring.cloud.consul.config.watch.enabled: false}); the two would only refresh twice.
 */
@AutoConfiguration(after = { ConsulAutoConfiguration.class, ConsulConfigAutoConfiguration.class,
        RefreshAutoConfiguration.class })
@EnableConfigurationProperties(LiveConfigProperties.class)
public class LiveConfigAutoConfiguration {

    /**
     * The contexts to watch, with the index each was read at when the application started. Spring Cloud Consul records
     * only the contexts it could read; when the KV store did not answer at start (the import is optional), none are
     * recorded, so they are named here the way Spring Cloud Consul names them: for each prefix, the application's own
     * context and the shared one, each with its profile variants (index unknown: the watch refreshes on its first
     * answer).
     */
    static Map<String, Long> contexts(ConsulConfigProperties config, ConsulConfigIndexes indexes, Environment environment) {
        Map<String, Long> contexts = new LinkedHashMap<>(indexes.getIndexes());
        String[] profiles = environment.getActiveProfiles().length > 0 ? environment.getActiveProfiles()
                : environment.getDefaultProfiles();
        List<String> prefixes = config.getPrefixes() == null || config.getPrefixes().isEmpty() ? List.of("")
                : config.getPrefixes();
        for (String prefix : prefixes) {
            String root = prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
            for (String name : List.of(config.getName(), config.getDefaultContext())) {
                if (name == null || name.isEmpty()) {
                    continue;
                }
                for (String profile : profiles) {
                    contexts.putIfAbsent(root + name + config.getProfileSeparator() + profile + "/", -1L);
                }
                contexts.putIfAbsent(root + name + "/", -1L);
            }
        }
        return contexts;
    }

    @Bean
    AppliedConfiguration appliedConfiguration(ObjectProvider<ConsulConfigIndexes> indexes) {
        ConsulConfigIndexes loaded = indexes.getIfAvailable();
        Long startIndex = loaded == null ? null : loaded.getIndexes().values().stream()
                .filter(index -> index != null && index >= 0).max(Long::compare).orElse(null);
        return new AppliedConfiguration(startIndex);
    }

    @Bean
    @ConditionalOnBean({ ConsulConfigIndexes.class, ConsulClient.class, ContextRefresher.class })
    @ConditionalOnProperty(name = "suite.config.watch.enabled", matchIfMissing = true)
    ConfigTreeWatch configTreeWatch(ConsulClient consul, ConsulConfigProperties config, ConsulConfigIndexes indexes,
            ConfigurableApplicationContext context, ContextRefresher refresher, ObjectProvider<RefreshScope> refreshScope,
            AppliedConfiguration applied, LiveConfigProperties properties) {
        return new ConfigTreeWatch(consul, config.getAclToken(), contexts(config, indexes, context.getEnvironment()),
                config.getFormat() == ConsulConfigProperties.Format.KEY_VALUE, context, refresher,
                refreshScope.getIfAvailable(), applied, properties);
    }
}
