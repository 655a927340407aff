package dev.suite.inventory.reservation;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** Stock held for one order. Keyed by the order id, so every reserve and release is idempotent. */
@Table("reservation")
public record Reservation(
        @Id String orderId,
        ReservationStatus status,
        Instant createdAt,
        Instant releasedAt,
        @MappedCollection(idColumn = "order_id", keyColumn = "line_no") List<ReservationLine> items) {
}
