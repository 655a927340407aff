package dev.suite.order.order;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

@Table("orders")
@Schema(description = "An order and the units it holds")
public record Order(
        @Schema(description = "the order's id (a UUID), also the id of its reservation in inventory-service",
                requiredMode = Schema.RequiredMode.REQUIRED) @Id String id,
        @Schema(description = "CONFIRMED: its stock is reserved; CANCELLED: its stock is released (or queued for release)",
                requiredMode = Schema.RequiredMode.REQUIRED) OrderStatus status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
        @Schema(description = "when it was cancelled; null while CONFIRMED", nullable = true) Instant cancelledAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        @MappedCollection(idColumn = "order_id", keyColumn = "line_no") List<OrderItem> items) {
}
