package dev.suite.order.order;

/** The stock-keeping unit format; the same as inventory-service's. */
public final class Sku {

    /** One to eight capital letters, a dash, one to six digits: {@code A-1}, {@code BOOK-123456}. */
    public static final String PATTERN = "[A-Z]{1,8}-[0-9]{1,6}";

    private Sku() {
    }
}
