package dev.suite.console.web;

/** A check-and-set write lost: the value changed since it was read. 409, with the value now stored. */
public class ConflictException extends RuntimeException {

    private final Object current;

    public ConflictException(String message, Object current) {
        super(message);
        this.current = current;
    }

    public Object current() {
        return current;
    }
}
