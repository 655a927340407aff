package dev.suite.inventory.reservation;

import java.util.List;

public class InsufficientStockException extends RuntimeException {

    private final List<Shortage> shortages;

    public InsufficientStockException(List<Shortage> shortages) {
        super("Not enough stock for " + shortages.stream().map(Shortage::sku).toList());
        this.shortages = List.copyOf(shortages);
    }

    public List<Shortage> shortages() {
        return shortages;
    }
}
