package dev.suite.gateway.proxy;

import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ProxyExchangeConfiguration {

    /**
     * Built as Spring Cloud Gateway builds its own proxy exchange, which steps back when there is one: from Spring
     * Boot's {@code RestClient.Builder}, so it still gets the gateway's request factory (per-route timeouts).
     */
    @Bean
    SizedBufferProxyExchange proxyExchange(RestClient.Builder restClientBuilder, GatewayMvcProperties properties) {
        return new SizedBufferProxyExchange(restClientBuilder.build(), properties);
    }
}
