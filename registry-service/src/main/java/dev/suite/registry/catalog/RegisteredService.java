package dev.suite.registry.catalog;

public record RegisteredService(ServiceDefinition definition, long createIndex, long modifyIndex) {

    public String id() {
        return definition.id();
    }

    public String name() {
        return definition.name();
    }
}
