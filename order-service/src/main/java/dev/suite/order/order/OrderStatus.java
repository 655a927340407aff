package dev.suite.order.order;

public enum OrderStatus {
    /** Stock is reserved in inventory-service for every item. */
    CONFIRMED,
    /** The order was cancelled and its stock released (or queued for release while inventory is unreachable). */
    CANCELLED
}
