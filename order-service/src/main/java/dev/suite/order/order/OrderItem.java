package dev.suite.order.order;

import org.springframework.data.relational.core.mapping.Table;

@Table("order_item")
public record OrderItem(String sku, int quantity) {
}
