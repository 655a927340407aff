package dev.suite.inventory.stock;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** Stock level of one SKU: {@code available} can be reserved, {@code reserved} is held by orders. */
@Table("stock")
public record Stock(@Id String sku, int available, int reserved) {
}
