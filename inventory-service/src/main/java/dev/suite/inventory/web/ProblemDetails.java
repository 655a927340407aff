package dev.suite.inventory.web;

import static dev.suite.web.problem.ProblemTypes.problem;

import dev.suite.inventory.reservation.InsufficientStockException;
import dev.suite.inventory.reservation.ReservationConflictException;
import dev.suite.inventory.reservation.ReservationNotFoundException;
import dev.suite.inventory.reservation.ReservationReleasedException;
import dev.suite.inventory.reservation.UnknownItemsException;
import dev.suite.inventory.stock.UnknownSkuException;
import dev.suite.web.problem.ServiceProblemDetails;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps every error of inventory-service to an RFC 9457 problem; invalid requests and Spring MVC's own errors are
 * answered by the shared base class.
 */
@RestControllerAdvice
public class ProblemDetails extends ServiceProblemDetails {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    @ExceptionHandler
    ProblemDetail stockShort(InsufficientStockException e) {
        return insufficientStock(e.getMessage(), e.shortages());
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
    ProblemDetail unknownItems(UnknownItemsException e) {
        return unknownSkus(e.getMessage(), e.skus());
    }

    @ExceptionHandler
    ProblemDetail busy(TransientDataAccessException e) {
        log.warn("Database busy: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "database-busy", "Try again",
                "The database is busy or unreachable; the request changed nothing and may be repeated");
    }
}
