package dev.suite.inventory.reservation;

public enum ReservationStatus {
    /** The units are taken from {@code available} and counted in {@code reserved}. */
    RESERVED,
    /** The units went back to {@code available}; a later reserve for the same order is refused. */
    RELEASED
}
