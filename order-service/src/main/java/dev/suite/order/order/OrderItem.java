package dev.suite.order.order;

import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.data.relational.core.mapping.Table;

@Table("order_item")
@Schema(name = "OrderItem", description = "Units of one SKU in an order")
public record OrderItem(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "A-1") String sku,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2") int quantity) {
}
