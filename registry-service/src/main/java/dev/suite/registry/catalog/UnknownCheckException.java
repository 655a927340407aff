package dev.suite.registry.catalog;

public class UnknownCheckException extends RuntimeException {
    public UnknownCheckException(String checkId, String why) {
        super(why == null
                ? "Unknown check ID \"" + checkId + "\". Ensure that the check ID is passed, not the check name."
                : why);
    }
}
