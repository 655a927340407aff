package dev.suite.registry.api;

import java.util.ArrayList;
import java.util.List;

import dev.suite.registry.api.BlockingQueries.Answer;
import dev.suite.registry.api.BlockingQueries.QueryOptions;
import dev.suite.registry.api.ConsulViews.CheckView;
import dev.suite.registry.api.ConsulViews.HealthEntry;
import dev.suite.registry.catalog.Catalog;
import dev.suite.registry.catalog.CheckState;
import dev.suite.registry.catalog.CheckStatus;
import dev.suite.registry.catalog.RegisteredService;
import dev.suite.registry.catalog.ServiceHealth;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code /v1/health/*}: instances with their checks; what discovery clients ask. */
@RestController
@RequestMapping("/v1/health")
class HealthController {

    private final Catalog catalog;
    private final BlockingQueries blocking;

    HealthController(Catalog catalog, BlockingQueries blocking) {
        this.catalog = catalog;
        this.blocking = blocking;
    }

    /** {@code ?passing} keeps only instances whose every check passes; each {@code ?tag=} must be present. */
    @GetMapping("/service/{name}")
    DeferredResult<ResponseEntity<Object>> service(@PathVariable String name,
            @RequestParam(required = false) String passing, @RequestParam(required = false) List<String> tag,
            @RequestParam(required = false) String index, @RequestParam(required = false) String wait) {
        boolean onlyPassing = QueryParameters.flag("passing", passing);
        List<String> tags = tag == null ? List.of() : tag;
        return blocking.answer(QueryOptions.parse(index, wait), () -> {
            long at = catalog.serviceIndex(name);
            List<HealthEntry> entries = catalog.instances(name).stream()
                    .filter(instance -> instance.hasAllTags(tags))
                    .filter(instance -> !onlyPassing || instance.aggregateStatus() == CheckStatus.PASSING)
                    .map(instance -> HealthEntry.of(instance, catalog.node()))
                    .toList();
            return new Answer(at, entries);
        });
    }

    @GetMapping("/checks/{name}")
    DeferredResult<ResponseEntity<Object>> checks(@PathVariable String name,
            @RequestParam(required = false) String index, @RequestParam(required = false) String wait) {
        return blocking.answer(QueryOptions.parse(index, wait), () -> {
            long at = catalog.serviceIndex(name);
            List<CheckView> checks = new ArrayList<>();
            for (ServiceHealth instance : catalog.instances(name)) {
                instance.checks().forEach(check -> checks.add(CheckView.of(check, instance.service(), catalog.node())));
            }
            return new Answer(at, checks);
        });
    }

    /** {@code any}, {@code passing}, {@code warning} or {@code critical}. */
    @GetMapping("/state/{state}")
    DeferredResult<ResponseEntity<Object>> state(@PathVariable String state,
            @RequestParam(required = false) String index, @RequestParam(required = false) String wait) {
        boolean any = state.equals("any");
        CheckStatus wanted = any ? null : CheckStatus.fromWireName(state)
                .orElseThrow(() -> ConsulApiException.badRequest("Invalid check state: " + state));
        return blocking.answer(QueryOptions.parse(index, wait), () -> {
            long at = catalog.index();
            List<CheckView> checks = new ArrayList<>();
            if (any || wanted == CheckStatus.PASSING) {
                checks.add(CheckView.serfHealth(catalog.node()));
            }
            for (CheckState check : catalog.checks()) {
                if (any || check.status() == wanted) {
                    RegisteredService service = catalog.service(check.definition().serviceId()).orElse(null);
                    checks.add(CheckView.of(check, service, catalog.node()));
                }
            }
            return new Answer(at, checks);
        });
    }
}
