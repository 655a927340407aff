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
 * @param maxConcurrentReservations reservations this instance has in flight towards inventory-service at most; more
 *                      wait in line. Reservations of one SKU take turns on its stock row, so past a few in flight they
 *                      only wait longer there, holding database connections (inventory-service has 10 per instance)
 * @param reservationQueueTimeout longest a reservation waits in line; after it the order is refused at once with a
 *                      503 problem and {@code Retry-After}, nothing reserved
 */
@ConfigurationProperties("order.inventory")
public record InventorySettings(
        @DefaultValue("inventory-service") String serviceId,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("3s") Duration readTimeout,
        @DefaultValue("5s") Duration releaseRetryInterval,
        @DefaultValue("8") int maxConcurrentReservations,
        @DefaultValue("5s") Duration reservationQueueTimeout) {

    public InventorySettings {
        if (maxConcurrentReservations < 1) {
            throw new IllegalArgumentException("order.inventory.max-concurrent-reservations must be at least 1, was "
                    + maxConcurrentReservations);
        }
    }
}
