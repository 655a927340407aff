package dev.suite.order.inventory;

public class InventoryUnavailableException extends RuntimeException {

    private final boolean timedOut;

    public InventoryUnavailableException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
