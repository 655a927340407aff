package dev.suite.registry.catalog;

import java.util.List;

/** One service instance with its checks: what {@code /v1/health/service} and DNS answer from. */
public record ServiceHealth(RegisteredService service, List<CheckState> checks) {

    public ServiceHealth {
        checks = List.copyOf(checks);
    }

    /** The worst status among the checks; an instance without checks is passing. */
    public CheckStatus aggregateStatus() {
        CheckStatus worst = CheckStatus.PASSING;
        for (CheckState check : checks) {
            worst = CheckStatus.worst(worst, check.status());
        }
        return worst;
    }

    public boolean hasAllTags(List<String> wanted) {
        return service.definition().tags().containsAll(wanted);
    }
}
