package dev.suite.web;

/** The stock-keeping unit format of the public and internal APIs of order-service and inventory-service. */
public final class Sku {

    /** One to eight capital letters, a dash, one to six digits: {@code A-1}, {@code BOOK-123456}. */
    public static final String PATTERN = "[A-Z]{1,8}-[0-9]{1,6}";

    private Sku() {
    }
}
