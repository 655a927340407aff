package dev.suite.order.web;

import java.net.URI;

import jakarta.validation.ConstraintViolationException;

import dev.suite.order.idempotency.IdempotencyKeyReusedException;
import dev.suite.order.idempotency.RequestInProgressException;
import dev.suite.order.inventory.InventoryUnavailableException;
import dev.suite.order.inventory.StockShortException;
import dev.suite.order.order.OrderNotFoundException;
import dev.suite.order.order.TooManyItemsException;
import dev.suite.requestlimit.RequestBodyLimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps every error of order-service to an RFC 9457 problem; Spring MVC's own errors come from the base class. */
@RestControllerAdvice
public class ProblemDetails extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    @ExceptionHandler
    ProblemDetail notFound(OrderNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail stockShort(StockShortException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock",
                "Not enough stock for this order; nothing was reserved. " + e.getMessage());
        problem.setProperty("shortages", e.shortages());
        return problem;
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
    ProblemDetail inventoryUnavailable(InventoryUnavailableException e) {
        log.warn("Order not placed: {}", e.getMessage());
        HttpStatus status = e.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
        return problem(status, "inventory-unavailable", "Inventory unavailable",
                "inventory-service could not reserve the stock; no order was created and any stock reserved for it is released");
    }

    @ExceptionHandler
    ProblemDetail tooManyItems(TooManyItemsException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(ConstraintViolationException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
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

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = RequestBodyLimit.TooLarge.in(e)
                ? "The request body is larger than the limit of this service"
                : "The request body is not valid JSON of the expected shape";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:suite:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
