package dev.suite.inventory.stock;

import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** Stock level of one SKU: {@code available} can be reserved, {@code reserved} is held by orders. */
@Table("stock")
@Schema(description = "The stock of one SKU. The units on hand are available + reserved.")
public record Stock(
        @Schema(description = "stock-keeping unit", example = "A-1", requiredMode = Schema.RequiredMode.REQUIRED) @Id String sku,
        @Schema(description = "units that can still be ordered", example = "8", requiredMode = Schema.RequiredMode.REQUIRED)
        int available,
        @Schema(description = "units held by confirmed orders: taken from available when an order is placed, given back "
                + "when it is cancelled (or its creation failed); PUT never changes it", example = "2",
                requiredMode = Schema.RequiredMode.REQUIRED) int reserved) {
}
