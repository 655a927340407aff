package dev.suite.inventory.reservation;

public class ReservationReleasedException extends RuntimeException {

    public ReservationReleasedException(String orderId) {
        super("The reservation for order " + orderId + " was released; the order id cannot reserve stock again");
    }
}
