package dev.suite.inventory.reservation;

import java.util.List;

/** Items name SKUs that have no stock record: the request cannot succeed as written, however much stock arrives. */
public class UnknownItemsException extends RuntimeException {

    private final List<String> skus;

    public UnknownItemsException(List<String> skus) {
        super("No stock is recorded for SKU " + String.join(", ", skus) + "; nothing was reserved");
        this.skus = List.copyOf(skus);
    }

    public List<String> skus() {
        return skus;
    }
}
