package dev.suite.order.order;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.suite.order.order.OrderService.Placed;
import dev.suite.web.Sku;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/orders")
public class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final OrderService orders;
    private final OrderLimits limits;

    public OrderController(OrderService orders, OrderLimits limits) {
        this.orders = orders;
        this.limits = limits;
    }

    @PostMapping
    public ResponseEntity<Order> place(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Pattern(regexp = "[\\x21-\\x7E]{1,255}") String key,
            @Valid @RequestBody PlaceOrder request) {
        int limit = limits.getMaxItemsPerOrder();
        if (request.items().size() > limit) {
            throw new TooManyItemsException(request.items().size(), limit);
        }
        List<OrderItem> items = request.items().stream().map(item -> new OrderItem(item.sku(), item.quantity())).toList();
        Placed placed = orders.place(items, Optional.ofNullable(key));
        return ResponseEntity.created(URI.create("/api/orders/" + placed.order().id()))
                .header(REPLAYED, String.valueOf(placed.replayed()))
                .body(placed.order());
    }

    @GetMapping("/{id}")
    public Order one(@PathVariable String id) {
        return orders.find(id);
    }

    /** Newest first. */
    @GetMapping
    public List<Order> list(@RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return orders.list(Optional.ofNullable(status), limit);
    }

    @PostMapping("/{id}/cancel")
    public Order cancel(@PathVariable String id) {
        return orders.cancel(id);
    }

    public record PlaceOrder(@NotEmpty @Size(max = 100) List<@Valid @NotNull Item> items) {
    }

    public record Item(
            @NotNull @Pattern(regexp = Sku.PATTERN) String sku,
            @NotNull @Positive @Max(1_000_000) Integer quantity) {
    }
}
