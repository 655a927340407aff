package dev.suite.inventory.reservation;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.suite.inventory.reservation.ReservationService.ReservationResult;
import dev.suite.web.Sku;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reservation API that order-service calls; not routed by the gateway. PUT and DELETE are idempotent by
 * order id: repeat them freely after a timeout.
 */
@RestController
@Hidden // internal: not in the public OpenAPI document, not routed by the gateway
@RequestMapping("/internal/reservations")
public class ReservationController {

    static final String ORDER_ID = "[A-Za-z0-9_-]{1,64}";

    private final ReservationService reservations;

    public ReservationController(ReservationService reservations) {
        this.reservations = reservations;
    }

    @PutMapping("/{orderId}")
    public ResponseEntity<Reservation> reserve(@PathVariable @Pattern(regexp = ORDER_ID) String orderId,
            @Valid @RequestBody ReserveRequest request) {
        List<ReservationLine> lines = request.items().stream()
                .map(item -> new ReservationLine(item.sku(), item.quantity()))
                .toList();
        ReservationResult result = reservations.reserve(orderId, lines);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(result.reservation());
    }

    @DeleteMapping("/{orderId}")
    public Reservation release(@PathVariable @Pattern(regexp = ORDER_ID) String orderId) {
        return reservations.release(orderId);
    }

    @GetMapping("/{orderId}")
    public Reservation find(@PathVariable @Pattern(regexp = ORDER_ID) String orderId) {
        return reservations.find(orderId).orElseThrow(() -> new ReservationNotFoundException(orderId));
    }

    public record ReserveRequest(@NotNull @Size(min = 1, max = 100) List<@Valid @NotNull Item> items) {
    }

    public record Item(
            @NotNull @Pattern(regexp = Sku.PATTERN) String sku,
            @NotNull @Positive @Max(1_000_000) Integer quantity) {
    }
}
