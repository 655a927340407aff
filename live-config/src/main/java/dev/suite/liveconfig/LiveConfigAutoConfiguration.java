package dev.suite.liveconfig;

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

/**
 * The shared-configuration watch ({@link ConfigTreeWatch}) and the record of what was applied
 * ({@link AppliedConfiguration}, in {@code /actuator/info}). Services that use it turn Spring Cloud Consul's own watch
 * off ({@code spring.cloud.consul.config.watch.enabled: false}); the two would only refresh twice.
 */
@AutoConfiguration(after = { ConsulAutoConfiguration.class, ConsulConfigAutoConfiguration.class,
        RefreshAutoConfiguration.class })
@EnableConfigurationProperties(LiveConfigProperties.class)
public class LiveConfigAutoConfiguration {

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
        return new ConfigTreeWatch(consul, config.getAclToken(), indexes.getIndexes(),
                config.getFormat() == ConsulConfigProperties.Format.KEY_VALUE, context, refresher,
                refreshScope.getIfAvailable(), applied, properties);
    }
}
