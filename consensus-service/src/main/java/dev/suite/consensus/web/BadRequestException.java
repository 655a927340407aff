package dev.suite.consensus.web;

import org.springframework.http.HttpStatus;

/** A request the store refuses before anything is written: 400, 403, 405 or 413. */
public class BadRequestException extends RuntimeException {

    private final HttpStatus status;

    public BadRequestException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public BadRequestException(String message) {
        this(HttpStatus.BAD_REQUEST, message);
    }

    public HttpStatus status() {
        return status;
    }
}
