package dev.suite.order.inventory;

import java.util.List;

public class StockShortException extends RuntimeException {

    private final List<Shortage> shortages;

    public StockShortException(String detail, List<Shortage> shortages) {
        super(detail);
        this.shortages = shortages == null ? List.of() : List.copyOf(shortages);
    }

    public List<Shortage> shortages() {
        return shortages;
    }
}
