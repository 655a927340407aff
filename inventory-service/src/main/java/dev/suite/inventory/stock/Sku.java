package dev.suite.inventory.stock;

/** The stock-keeping unit format shared by the public and internal APIs. */
public final class Sku {

    /** One to eight capital letters, a dash, one to six digits: {@code A-1}, {@code BOOK-123456}. */
    public static final String PATTERN = "[A-Z]{1,8}-[0-9]{1,6}";

    private Sku() {
    }
}
