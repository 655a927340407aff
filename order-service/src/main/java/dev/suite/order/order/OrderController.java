package dev.suite.order.order;

import static dev.suite.web.problem.ProblemSchemas.PROBLEM_JSON;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.suite.order.order.OrderService.Placed;
import dev.suite.web.Sku;
import dev.suite.web.problem.ProblemSchemas.InsufficientStockProblem;
import dev.suite.web.problem.ProblemSchemas.InvalidRequestProblem;
import dev.suite.web.problem.ProblemSchemas.Problem;
import dev.suite.web.problem.ProblemSchemas.UnknownSkuProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "orders", description = "Place, read, list and cancel orders; placing one reserves its stock in inventory-service")
@ApiResponse(responseCode = "400", description = "invalid-request: the request is malformed (its URI, headers or body)",
        content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = InvalidRequestProblem.class)))
@ApiResponse(responseCode = "503", description = "database-unavailable: the order database failed; nothing was changed",
        content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final OrderService orders;
    private final OrderLimits limits;

    public OrderController(OrderService orders, OrderLimits limits) {
        this.orders = orders;
        this.limits = limits;
    }

    @Operation(summary = "Place an order", description = "Reserves every item's stock in inventory-service, or none, then "
            + "stores the order as CONFIRMED. With an Idempotency-Key, a retry with the same key and body returns the first "
            + "order (Idempotent-Replayed: true) and reserves nothing twice.")
    @ApiResponse(responseCode = "201", description = "the order was created (or replayed for the same Idempotency-Key and body)",
            headers = {
                    @Header(name = "Location", description = "/api/orders/{id} of the order", schema = @Schema(type = "string")),
                    @Header(name = REPLAYED, description = "true when the answer replays an earlier request with the same key",
                            schema = @Schema(type = "string", allowableValues = { "true", "false" })) },
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Order.class)))
    @ApiResponse(responseCode = "400", description = "invalid-request: the body, an item or the Idempotency-Key breaks a rule; nothing was reserved or stored",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = InvalidRequestProblem.class)))
    @ApiResponse(responseCode = "409", description = "insufficient-stock: some SKUs are short (shortages lists them), or request-in-progress: "
            + "another request with the same Idempotency-Key is still running (Retry-After: 1); nothing was reserved",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = InsufficientStockProblem.class)))
    @ApiResponse(responseCode = "422", description = "unknown-sku: items name SKUs that have no stock record (skus lists them), or "
            + "idempotency-key-reused: the key was used before with a different body; nothing was reserved",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = UnknownSkuProblem.class)))
    @ApiResponse(responseCode = "503", description = "inventory-busy: too many orders were waiting for inventory-service (the "
            + "Retry-After header says when to try again; nothing was reserved), inventory-unavailable: inventory-service "
            + "answered an error or has no instance, or database-unavailable; no order was created and any stock reserved "
            + "for it is released",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Retry-After",
                    description = "seconds to wait before trying again (inventory-busy)", schema = @Schema(type = "integer")),
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "504", description = "inventory-unavailable: inventory-service did not answer in time; no order was created "
            + "and any stock reserved for it is released",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @PostMapping
    public ResponseEntity<Order> place(
            @Parameter(description = "Makes retries safe: the same key and body return the first order instead of placing another. "
                    + "1-255 visible ASCII characters; keep it unique per order (a UUID).", example = "3f6c2a9e-order-1")
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

    @Operation(summary = "Read an order")
    @ApiResponse(responseCode = "200", description = "the order as it is now")
    @ApiResponse(responseCode = "404", description = "order-not-found: no order has this id",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @GetMapping("/{id}")
    public Order one(@Parameter(description = "the order's id, as in its Location") @PathVariable String id) {
        return orders.find(id);
    }

    /** Newest first. */
    @Operation(summary = "List orders, newest first")
    @ApiResponse(responseCode = "200", description = "at most limit orders, newest first")
    @ApiResponse(responseCode = "400", description = "invalid-request: status or limit is invalid",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = InvalidRequestProblem.class)))
    @GetMapping
    public List<Order> list(@Parameter(description = "only orders in this status; all when absent") @RequestParam(required = false) OrderStatus status,
            @Parameter(description = "how many orders at most") @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return orders.list(Optional.ofNullable(status), limit);
    }

    @Operation(summary = "Cancel an order", description = "Marks the order CANCELLED and releases its stock (retried in the "
            + "background while inventory-service is unreachable). Cancelling a cancelled order changes nothing.")
    @ApiResponse(responseCode = "200", description = "the order, CANCELLED")
    @ApiResponse(responseCode = "404", description = "order-not-found: no order has this id",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @PostMapping("/{id}/cancel")
    public Order cancel(@Parameter(description = "the order's id") @PathVariable String id) {
        return orders.cancel(id);
    }

    @Schema(description = "An order to place: 1 to order.limits.max-items-per-order items (20 by default, never more than 100); "
            + "a SKU may appear more than once")
    public record PlaceOrder(@NotNull @Size(min = 1, max = 100) List<@Valid @NotNull Item> items) {
    }

    @Schema(name = "OrderLine", description = "Units of one SKU")
    public record Item(
            @Schema(description = "stock-keeping unit: 1-8 capital letters, a dash, 1-6 digits", example = "A-1")
            @NotNull @Pattern(regexp = Sku.PATTERN) String sku,
            @Schema(description = "units to order", example = "2") @NotNull @Positive @Max(1_000_000) Integer quantity) {
    }
}
