package dev.suite.order.inventory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class InventoryClientConfiguration {

    /**
     * Requests to {@code http://inventory-service/...} go through Spring Cloud LoadBalancer, which picks a
     * registered, passing instance from the discovery client (Consul in production). The HTTP client is Apache
     * HttpClient 5 (blocking I/O on the request's own virtual thread, pooled keep-alive connections), as in the
     * gateway: the JDK client hands every call to its selector and executor threads and back, and Spring's read
     * timeout on it cancels a future per call (bench/orders/README.md has the CPU per order of both).
     */
    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder(InventorySettings settings) {
        // reservations in flight are bounded by the bulkhead; releases and cancellations come on top
        int connectionsPerInstance = settings.maxConcurrentReservations() * 2;
        return RestClient.builder().requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
                .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(connectionsPerInstance)
                        .setMaxConnTotal(connectionsPerInstance * 4))
                .build(HttpClientSettings.defaults().withTimeouts(settings.connectTimeout(), settings.readTimeout())));
    }
}
