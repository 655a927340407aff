package dev.suite.order.inventory;

import java.time.Duration;

/**
 * The reservation did not get a turn towards inventory-service within {@code order.inventory.reservation-queue-timeout}:
 * nothing was sent, so nothing is reserved, and the client may try again shortly.
 */
public class InventoryBusyException extends RuntimeException {

    private final Duration retryAfter;

    public InventoryBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
