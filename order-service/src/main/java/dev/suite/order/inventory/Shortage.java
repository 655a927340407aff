package dev.suite.order.inventory;

/** One SKU that inventory-service could not cover, as it reported it. */
public record Shortage(String sku, int requested, int available) {
}
