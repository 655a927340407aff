package dev.suite.inventory.reservation;

import org.springframework.data.relational.core.mapping.Table;

@Table("reservation_line")
public record ReservationLine(String sku, int quantity) {
}
