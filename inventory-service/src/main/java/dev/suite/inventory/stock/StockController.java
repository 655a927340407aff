package dev.suite.inventory.stock;

import static dev.suite.web.problem.ProblemSchemas.PROBLEM_JSON;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import dev.suite.web.Sku;
import dev.suite.web.problem.ProblemSchemas.InvalidRequestProblem;
import dev.suite.web.problem.ProblemSchemas.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/inventory")
@Tag(name = "inventory", description = "Stock per SKU: what can be ordered (available) and what orders hold (reserved)")
@ApiResponse(responseCode = "503", description = "database-busy: the database is busy or unreachable; nothing was changed, repeat the request",
        content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class StockController {

    private final StockService stock;
    private final LowStockSettings lowStock;

    public StockController(StockService stock, LowStockSettings lowStock) {
        this.stock = stock;
        this.lowStock = lowStock;
    }

    /** Every SKU, or with {@code ?low-stock=true} only those at or below {@code inventory.low-stock-threshold}. */
    @Operation(summary = "List the stock of every SKU, sorted by SKU")
    @ApiResponse(responseCode = "200", description = "every SKU's stock")
    @ApiResponse(responseCode = "400", description = "invalid-request: low-stock is not true or false",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = InvalidRequestProblem.class)))
    @GetMapping
    public List<Stock> all(@Parameter(description = "only SKUs whose available units are at or below inventory.low-stock-threshold (5 by default)")
            @RequestParam(name = "low-stock", defaultValue = "false") boolean onlyLowStock) {
        List<Stock> all = stock.all();
        if (!onlyLowStock) {
            return all;
        }
        int threshold = lowStock.getLowStockThreshold();
        return all.stream().filter(item -> item.available() <= threshold).toList();
    }

    @Operation(summary = "Read the stock of one SKU")
    @ApiResponse(responseCode = "200", description = "the SKU's stock")
    @ApiResponse(responseCode = "400", description = "invalid-request: the SKU is not of the format [A-Z]{1,8}-[0-9]{1,6}",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = InvalidRequestProblem.class)))
    @ApiResponse(responseCode = "404", description = "unknown-sku: no stock was ever set for this SKU",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @GetMapping("/{sku}")
    public Stock one(@Parameter(description = "stock-keeping unit: 1-8 capital letters, a dash, 1-6 digits", example = "A-1")
            @PathVariable @Pattern(regexp = Sku.PATTERN) String sku) {
        return stock.find(sku).orElseThrow(() -> new UnknownSkuException(sku));
    }

    @Operation(summary = "Set the available units of a SKU (creates it)", description = "Sets available only: units that "
            + "orders hold (reserved) are not touched, so restocking never takes back what was promised.")
    @ApiResponse(responseCode = "200", description = "the SKU's stock after the change")
    @ApiResponse(responseCode = "400", description = "invalid-request: the SKU's format or available breaks a rule; nothing was changed",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = InvalidRequestProblem.class)))
    @PutMapping("/{sku}")
    public Stock set(@Parameter(description = "stock-keeping unit: 1-8 capital letters, a dash, 1-6 digits", example = "A-1")
            @PathVariable @Pattern(regexp = Sku.PATTERN) String sku, @Valid @RequestBody SetStock request) {
        return stock.setAvailable(sku, request.available());
    }

    @Schema(description = "The new number of available units")
    public record SetStock(@Schema(description = "units that can be ordered from now on", example = "10")
            @NotNull @PositiveOrZero @Max(1_000_000_000) Integer available) {
    }
}
