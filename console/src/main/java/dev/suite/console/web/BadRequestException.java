package dev.suite.console.web;

import org.springframework.http.HttpStatus;

/** A request the console refuses or could not carry out, with the status its problem detail gets. */
public class BadRequestException extends RuntimeException {

    private final HttpStatus status;

    public BadRequestException(String message) {
        this(HttpStatus.BAD_REQUEST, message);
    }

    public BadRequestException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
