package dev.suite.liveconfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.properties.ConfigurationPropertiesBeans;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.annotation.Bean;

/** Puts {@link TargetedRebinder} in the place of Spring Cloud's rebinder (which steps back when one exists). */
@AutoConfiguration(before = ConfigurationPropertiesRebinderAutoConfiguration.class)
public class TargetedRebindingAutoConfiguration {

    @Bean
    ConfigurationPropertiesRebinder configurationPropertiesRebinder(ConfigurationPropertiesBeans beans,
            ObjectProvider<RefreshAutoConfiguration.RefreshProperties> refresh) {
        return new TargetedRebinder(beans, refresh.getIfAvailable(RefreshAutoConfiguration.RefreshProperties::new));
    }
}
