package dev.suite.order.idempotency;

public class RequestInProgressException extends RuntimeException {

    public RequestInProgressException(String key) {
        super("A request with Idempotency-Key " + key + " is still being processed; retry shortly");
    }
}
