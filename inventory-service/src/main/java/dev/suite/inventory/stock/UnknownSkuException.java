package dev.suite.inventory.stock;

public class UnknownSkuException extends RuntimeException {

    public UnknownSkuException(String sku) {
        super("No stock is recorded for SKU " + sku);
    }
}
