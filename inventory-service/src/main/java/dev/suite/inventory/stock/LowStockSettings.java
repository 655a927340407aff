package dev.suite.inventory.stock;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code inventory.low-stock-threshold}: a shared setting an operator changes in the consensus-service KV
 * ({@code config/inventory-service/inventory/low-stock-threshold}) and every replica applies live.
 * A mutable bean on purpose: Spring Cloud rebinds such beans when the configuration changes, which an
 * immutable record cannot be.
 */
@ConfigurationProperties("inventory")
public class LowStockSettings {

    /** A SKU with this many units available or fewer is listed by {@code GET /api/inventory?low-stock=true}. */
    private int lowStockThreshold = 5;

    public int getLowStockThreshold() {
        return lowStockThreshold;
    }

    public void setLowStockThreshold(int lowStockThreshold) {
        this.lowStockThreshold = lowStockThreshold;
    }
}
