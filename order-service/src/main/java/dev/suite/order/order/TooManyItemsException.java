package dev.suite.order.order;

/** An order with more lines than {@code order.limits.max-items-per-order} allows. */
public class TooManyItemsException extends RuntimeException {

    public TooManyItemsException(int items, int limit) {
        super("must have at most " + limit + " items per order (has " + items + ")");
    }
}
