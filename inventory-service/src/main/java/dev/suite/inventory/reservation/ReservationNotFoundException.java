package dev.suite.inventory.reservation;

public class ReservationNotFoundException extends RuntimeException {

    public ReservationNotFoundException(String orderId) {
        super("No reservation is recorded for order " + orderId);
    }
}
