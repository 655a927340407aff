package dev.suite.inventory.reservation;

public class ReservationConflictException extends RuntimeException {

    public ReservationConflictException(String orderId) {
        super("Order " + orderId + " already holds a reservation for different items");
    }
}
