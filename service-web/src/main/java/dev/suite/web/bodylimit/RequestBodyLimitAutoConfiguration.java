package dev.suite.web.bodylimit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The body-size limit for every servlet application that depends on this module. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(RequestBodyLimit.Settings.class)
public class RequestBodyLimitAutoConfiguration {

    @Bean
    RequestBodyLimit requestBodyLimit(RequestBodyLimit.Settings settings) {
        return new RequestBodyLimit(settings);
    }
}
