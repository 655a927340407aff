package dev.suite.registry.api;

import java.util.List;

import dev.suite.registry.catalog.CheckDefinition;
import dev.suite.registry.catalog.ServiceDefinition;

/** A decoded and validated {@code PUT /v1/agent/service/register} body. */
public record ServiceRegistration(ServiceDefinition service, List<CheckDefinition> checks) {
}
