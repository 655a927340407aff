package dev.suite.registry.api;

import java.util.List;

import dev.suite.registry.api.BlockingQueries.Answer;
import dev.suite.registry.api.BlockingQueries.QueryOptions;
import dev.suite.registry.api.ConsulViews.CatalogService;
import dev.suite.registry.api.ConsulViews.NodeView;
import dev.suite.registry.catalog.Catalog;
import dev.suite.registry.catalog.ServiceHealth;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code /v1/catalog/*}: every registered instance, healthy or not. */
@RestController
@RequestMapping("/v1/catalog")
class CatalogController {

    /** The one node never changes, so its data has the first index. */
    private static final long NODES_INDEX = 1;

    private final Catalog catalog;
    private final BlockingQueries blocking;

    CatalogController(Catalog catalog, BlockingQueries blocking) {
        this.catalog = catalog;
        this.blocking = blocking;
    }

    @GetMapping("/services")
    DeferredResult<ResponseEntity<Object>> services(@RequestParam(required = false) String index,
            @RequestParam(required = false) String wait) {
        return blocking.answer(QueryOptions.parse(index, wait),
                () -> new Answer(catalog.servicesIndex(), catalog.serviceNamesWithTags()));
    }

    @GetMapping("/service/{name}")
    DeferredResult<ResponseEntity<Object>> service(@PathVariable String name,
            @RequestParam(required = false) List<String> tag, @RequestParam(required = false) String index,
            @RequestParam(required = false) String wait) {
        List<String> tags = tag == null ? List.of() : tag;
        return blocking.answer(QueryOptions.parse(index, wait), () -> {
            long at = catalog.serviceIndex(name);
            List<CatalogService> services = catalog.instances(name).stream()
                    .filter(instance -> instance.hasAllTags(tags))
                    .map(ServiceHealth::service)
                    .map(service -> CatalogService.of(service, catalog.node()))
                    .toList();
            return new Answer(at, services);
        });
    }

    @GetMapping("/nodes")
    DeferredResult<ResponseEntity<Object>> nodes(@RequestParam(required = false) String index,
            @RequestParam(required = false) String wait) {
        return blocking.answer(QueryOptions.parse(index, wait),
                () -> new Answer(NODES_INDEX, List.of(NodeView.of(catalog.node()))));
    }

    @GetMapping("/datacenters")
    List<String> datacenters() {
        return List.of(catalog.node().datacenter());
    }
}
