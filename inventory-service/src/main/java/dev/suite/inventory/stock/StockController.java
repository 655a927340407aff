package dev.suite.inventory.stock;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import dev.suite.web.Sku;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/inventory")
public class StockController {

    private final StockService stock;
    private final LowStockSettings lowStock;

    public StockController(StockService stock, LowStockSettings lowStock) {
        this.stock = stock;
        this.lowStock = lowStock;
    }

    /** Every SKU, or with {@code ?low-stock=true} only those at or below {@code inventory.low-stock-threshold}. */
    @GetMapping
    public List<Stock> all(@RequestParam(name = "low-stock", defaultValue = "false") boolean onlyLowStock) {
        List<Stock> all = stock.all();
        if (!onlyLowStock) {
            return all;
        }
        int threshold = lowStock.getLowStockThreshold();
        return all.stream().filter(item -> item.available() <= threshold).toList();
    }

    @GetMapping("/{sku}")
    public Stock one(@PathVariable @Pattern(regexp = Sku.PATTERN) String sku) {
        return stock.find(sku).orElseThrow(() -> new UnknownSkuException(sku));
    }

    @PutMapping("/{sku}")
    public Stock set(@PathVariable @Pattern(regexp = Sku.PATTERN) String sku, @Valid @RequestBody SetStock request) {
        return stock.setAvailable(sku, request.available());
    }

    public record SetStock(@NotNull @PositiveOrZero @Max(1_000_000_000) Integer available) {
    }
}
