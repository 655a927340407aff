package dev.suite.gateway.resilience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.server.mvc.filter.FilterSupplier;
import org.springframework.cloud.gateway.server.mvc.filter.SimpleFilterSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
class ResilienceConfiguration {

    /** Makes {@code RetryOnAnotherInstance} and {@code ResponseTimeout} available to YAML routes. */
    @Bean
    FilterSupplier resilienceFilters() {
        return new SimpleFilterSupplier(ResilienceFilterFunctions.class);
    }

    /** Picked up by the gateway's proxy RestClient (it uses a ClientHttpRequestFactory bean when there is one). */
    @Bean
    ClientHttpRequestFactory routeTimeoutRequestFactory(ResilienceProperties properties) {
        return new RouteTimeoutRequestFactory(properties);
    }
}
