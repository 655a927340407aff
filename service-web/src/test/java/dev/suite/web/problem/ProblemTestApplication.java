package dev.suite.web.problem;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import dev.suite.web.Sku;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A service in miniature: endpoints with the kinds of input order-service and inventory-service validate. */
@SpringBootApplication
class ProblemTestApplication {

    enum Colour { RED, GREEN }

    record Line(@NotNull @Pattern(regexp = Sku.PATTERN) String sku, @NotNull @Positive @Max(1_000_000) Integer quantity) {
    }

    record Basket(@NotEmpty List<@Valid @NotNull Line> items) {
    }

    @RestController
    static class Endpoints {

        @PostMapping("/baskets")
        Basket onlyBody(@Valid @RequestBody Basket basket) {
            return basket;
        }

        @PostMapping("/keyed-baskets/{sku}")
        Basket everything(@PathVariable @Pattern(regexp = Sku.PATTERN) String sku,
                @RequestHeader(name = "Idempotency-Key", required = false) @Pattern(regexp = "[\\x21-\\x7E]{1,255}") String key,
                @Valid @RequestBody Basket basket) {
            return basket;
        }

        @GetMapping("/lines")
        List<Line> query(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
                @RequestParam(required = false) Colour colour) {
            return List.of();
        }

        @GetMapping("/required")
        String required(@RequestParam String name) {
            return name;
        }
    }

    @RestControllerAdvice
    static class Problems extends ServiceProblemDetails {
    }
}
