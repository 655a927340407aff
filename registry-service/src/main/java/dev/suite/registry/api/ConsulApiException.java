package dev.suite.registry.api;

import org.springframework.http.HttpStatus;

/** An answer Consul gives as a status code with a plain-text body. */
public class ConsulApiException extends RuntimeException {

    private final HttpStatus status;

    public ConsulApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public static ConsulApiException badRequest(String message) {
        return new ConsulApiException(HttpStatus.BAD_REQUEST, message);
    }

    public HttpStatus status() {
        return status;
    }
}
