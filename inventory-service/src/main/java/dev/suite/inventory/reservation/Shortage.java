package dev.suite.inventory.reservation;

/** One SKU of a reservation that could not be covered: how much was asked and how much was there. */
public record Shortage(String sku, int requested, int available) {
}
