package dev.suite.registry.catalog;

import java.time.Instant;

/** A check and what it last reported. {@code criticalSince} is null unless the check is critical. */
public record CheckState(CheckDefinition definition, CheckStatus status, String output, Instant criticalSince,
        long createIndex, long modifyIndex) {

    public String id() {
        return definition.id();
    }
}
