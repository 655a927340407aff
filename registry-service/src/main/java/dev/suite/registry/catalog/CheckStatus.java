package dev.suite.registry.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** A health check's state, ordered from best to worst so the worst check decides an instance's health. */
public enum CheckStatus {
    PASSING("passing"), WARNING("warning"), CRITICAL("critical");

    private final String wireName;

    CheckStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static CheckStatus worst(CheckStatus a, CheckStatus b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Consul's spelling: lower case. Empty optional for anything else. */
    public static java.util.Optional<CheckStatus> fromWireName(String value) {
        for (CheckStatus status : values()) {
            if (status.wireName.equals(value)) {
                return java.util.Optional.of(status);
            }
        }
        return java.util.Optional.empty();
    }
}
