package dev.suite.order.inventory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How order-service reaches inventory-service.
 *
 * @param serviceId            the name inventory-service registers under; resolved by Spring Cloud LoadBalancer
 * @param connectTimeout       how long to wait for a TCP connection to one instance
 * @param readTimeout          how long to wait for an answer; after it the reservation is treated as unknown and released
 * @param releaseRetryInterval how often releases that could not reach inventory-service are tried again
 */
@ConfigurationProperties("order.inventory")
public record InventorySettings(
        @DefaultValue("inventory-service") String serviceId,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("3s") Duration readTimeout,
        @DefaultValue("5s") Duration releaseRetryInterval) {
}
