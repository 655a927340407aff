package dev.suite.order.inventory;

import java.util.List;

/** inventory-service has no stock record for some SKUs of the order; nothing was reserved. */
public class UnknownSkuException extends RuntimeException {

    private final List<String> skus;

    public UnknownSkuException(List<String> skus) {
        super("No stock is recorded for SKU " + String.join(", ", skus) + "; no order was created");
        this.skus = List.copyOf(skus);
    }

    public List<String> skus() {
        return skus;
    }
}
