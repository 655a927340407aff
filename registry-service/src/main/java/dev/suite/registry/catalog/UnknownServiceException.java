package dev.suite.registry.catalog;

public class UnknownServiceException extends RuntimeException {
    public UnknownServiceException(String serviceId) {
        super("Unknown service ID \"" + serviceId + "\". Ensure that the service ID is passed, not the service name.");
    }
}
