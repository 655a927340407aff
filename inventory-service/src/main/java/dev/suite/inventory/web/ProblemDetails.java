package dev.suite.inventory.web;

import java.net.URI;

import jakarta.validation.ConstraintViolationException;

import dev.suite.inventory.reservation.InsufficientStockException;
import dev.suite.inventory.reservation.ReservationConflictException;
import dev.suite.inventory.reservation.ReservationNotFoundException;
import dev.suite.inventory.reservation.ReservationReleasedException;
import dev.suite.inventory.stock.UnknownSkuException;
import dev.suite.requestlimit.RequestBodyLimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
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

/** Maps every error of inventory-service to an RFC 9457 problem; Spring MVC's own errors come from the base class. */
@RestControllerAdvice
public class ProblemDetails extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    @ExceptionHandler
    ProblemDetail insufficientStock(InsufficientStockException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock", e.getMessage());
        problem.setProperty("shortages", e.shortages());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail released(ReservationReleasedException e) {
        return problem(HttpStatus.GONE, "reservation-released", "Reservation released", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ReservationConflictException e) {
        return problem(HttpStatus.CONFLICT, "reservation-conflict", "Reservation conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownReservation(ReservationNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "reservation-not-found", "Reservation not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownSku(UnknownSkuException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown-sku", "Unknown SKU", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(ConstraintViolationException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail busy(TransientDataAccessException e) {
        log.warn("Database busy: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "database-busy", "Try again",
                "The database is busy or unreachable; the request changed nothing and may be repeated");
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
