package dev.suite.registry.api;

import dev.suite.registry.catalog.UnknownCheckException;
import dev.suite.registry.catalog.UnknownServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors as Consul sends them: a status code and a plain-text sentence. (The suite's other services answer
 * with RFC 9457 problem details; here the wire format belongs to Consul, and its clients print the text.)
 */
@RestControllerAdvice
class ConsulErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsulErrors.class);

    @ExceptionHandler(ConsulApiException.class)
    ResponseEntity<String> api(ConsulApiException e) {
        return text(e.status(), e.getMessage());
    }

    @ExceptionHandler(UnknownServiceException.class)
    ResponseEntity<String> unknownService(UnknownServiceException e) {
        return text(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(UnknownCheckException.class)
    ResponseEntity<String> unknownCheck(UnknownCheckException e) {
        return text(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
        return text(HttpStatus.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " not allowed");
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<String> parameter(Exception e) {
        return text(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /**
     * Tomcat refuses a query string it cannot split into parameters (an empty name as in {@code ?=x}, bad percent
     * encoding) when a parameter is first read: the client's mistake, so a 400, not the 500 it was.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<String> queryString(InvalidParameterException e) {
        return text(HttpStatus.BAD_REQUEST, "Invalid query string: " + e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<String> notFound(NoResourceFoundException e) {
        return text(HttpStatus.NOT_FOUND, "404 page not found");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return text(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error: " + e.getClass().getSimpleName());
    }

    static ResponseEntity<String> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
    }
}
