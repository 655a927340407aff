package dev.suite.registry.api;

/** Consul's parsing of flag-like query parameters: present without a value means true. */
final class QueryParameters {

    private QueryParameters() {
    }

    static boolean flag(String name, String value) {
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw ConsulApiException.badRequest("Invalid value for ?" + name + ": " + value);
        };
    }
}
