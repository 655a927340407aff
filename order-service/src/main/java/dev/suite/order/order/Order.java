package dev.suite.order.order;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

@Table("orders")
public record Order(
        @Id String id,
        OrderStatus status,
        Instant createdAt,
        Instant cancelledAt,
        @MappedCollection(idColumn = "order_id", keyColumn = "line_no") List<OrderItem> items) {
}
