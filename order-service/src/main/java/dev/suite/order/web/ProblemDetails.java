package dev.suite.order.web;

import static dev.suite.web.problem.ProblemTypes.problem;

import java.util.List;

import dev.suite.order.idempotency.IdempotencyKeyReusedException;
import dev.suite.order.idempotency.RequestInProgressException;
import dev.suite.order.inventory.InventoryBusyException;
import dev.suite.order.inventory.InventoryUnavailableException;
import dev.suite.order.inventory.StockShortException;
import dev.suite.order.inventory.UnknownSkuException;
import dev.suite.order.order.OrderNotFoundException;
import dev.suite.order.order.TooManyItemsException;
import dev.suite.web.problem.InvalidField;
import dev.suite.web.problem.ServiceProblemDetails;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps every error of order-service to an RFC 9457 problem; invalid requests and Spring MVC's own errors are
 * answered by the shared base class.
 */
@RestControllerAdvice
public class ProblemDetails extends ServiceProblemDetails {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    @ExceptionHandler
    ProblemDetail notFound(OrderNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail stockShort(StockShortException e) {
        return insufficientStock("Not enough stock for this order; nothing was reserved. " + e.getMessage(), e.shortages());
    }

    @ExceptionHandler
    ProblemDetail unknownSku(UnknownSkuException e) {
        return unknownSkus(e.getMessage(), e.skus());
    }

    @ExceptionHandler
    ProblemDetail keyReused(IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> inProgress(RequestInProgressException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.CONFLICT, "request-in-progress", "Request in progress", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> inventoryBusy(InventoryBusyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "inventory-busy", "Inventory busy",
                        "Too many orders are waiting for inventory-service; nothing was reserved and no order was created. Try again after the Retry-After seconds."));
    }

    @ExceptionHandler
    ProblemDetail inventoryUnavailable(InventoryUnavailableException e) {
        log.warn("Order not placed: {}", e.getMessage());
        HttpStatus status = e.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
        return problem(status, "inventory-unavailable", "Inventory unavailable",
                "inventory-service could not reserve the stock; no order was created and any stock reserved for it is released");
    }

    @ExceptionHandler
    ProblemDetail tooManyItems(TooManyItemsException e) {
        return invalidRequest(List.of(new InvalidField("items", InvalidField.BODY, "size", e.getMessage())));
    }

    @ExceptionHandler
    ProblemDetail database(DataAccessException e) {
        log.error("Database failure", e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                "The order database failed; no order was created and any stock reserved for it is released");
    }

    @ExceptionHandler
    ProblemDetail unexpected(RuntimeException e) {
        log.error("Unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request failed unexpectedly; no order was created for it");
    }
}
