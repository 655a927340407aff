package dev.suite.registry.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.suite.registry.api.BlockingQueries.Answer;
import dev.suite.registry.api.BlockingQueries.QueryOptions;
import dev.suite.registry.api.ConsulViews.AgentService;
import dev.suite.registry.api.ConsulViews.CheckView;
import dev.suite.registry.catalog.Catalog;
import dev.suite.registry.catalog.CheckState;
import dev.suite.registry.catalog.CheckStatus;
import dev.suite.registry.catalog.RegisteredService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /v1/agent/*}: what a local Consul agent offers its services. */
@RestController
@RequestMapping("/v1/agent")
class AgentController {

    private final Catalog catalog;
    private final RegistrationParser parser;
    private final BlockingQueries blocking;
    private final ObjectMapper json;

    AgentController(Catalog catalog, RegistrationParser parser, BlockingQueries blocking, ObjectMapper json) {
        this.catalog = catalog;
        this.parser = parser;
        this.blocking = blocking;
        this.json = json;
    }

    @PutMapping("/service/register")
    ResponseEntity<Void> register(HttpServletRequest request) {
        ServiceRegistration registration = parser.parse(RequestBodies.read(request));
        catalog.register(registration.service(), registration.checks());
        return ResponseEntity.ok().build();
    }

    @PutMapping("/service/deregister/{serviceId}")
    ResponseEntity<Void> deregister(@PathVariable String serviceId) {
        catalog.deregister(serviceId);
        return ResponseEntity.ok().build();
    }

    @PutMapping("/service/maintenance/{serviceId}")
    ResponseEntity<Void> maintenance(@PathVariable String serviceId,
            @RequestParam(required = false) String enable, @RequestParam(required = false) String reason) {
        if (enable == null || enable.isEmpty()) {
            throw ConsulApiException.badRequest("Missing value for enable");
        }
        boolean on;
        try {
            on = QueryParameters.flag("enable", enable);
        } catch (ConsulApiException e) {
            throw ConsulApiException.badRequest("Invalid value for enable: \"" + enable + "\"");
        }
        catalog.setMaintenance(serviceId, on, reason);
        return ResponseEntity.ok().build();
    }

    @GetMapping("/services")
    DeferredResult<ResponseEntity<Object>> services(@RequestParam(required = false) String index,
            @RequestParam(required = false) String wait) {
        return blocking.answer(QueryOptions.parse(index, wait), () -> {
            long at = catalog.servicesIndex();
            Map<String, AgentService> services = new LinkedHashMap<>();
            for (RegisteredService service : catalog.services()) {
                services.put(service.id(), AgentService.of(service, catalog.node()));
            }
            return new Answer(at, services);
        });
    }

    @GetMapping("/service/{serviceId}")
    DeferredResult<ResponseEntity<Object>> service(@PathVariable String serviceId,
            @RequestParam(required = false) String index, @RequestParam(required = false) String wait) {
        if (catalog.service(serviceId).isEmpty()) {
            throw new ConsulApiException(HttpStatus.NOT_FOUND, "unknown service ID: " + serviceId);
        }
        return blocking.answer(QueryOptions.parse(index, wait), () -> {
            long at = catalog.servicesIndex();
            return new Answer(at, catalog.service(serviceId).map(s -> AgentService.of(s, catalog.node())).orElse(null));
        });
    }

    @GetMapping("/checks")
    DeferredResult<ResponseEntity<Object>> checks(@RequestParam(required = false) String index,
            @RequestParam(required = false) String wait) {
        return blocking.answer(QueryOptions.parse(index, wait), () -> {
            long at = catalog.index();
            Map<String, CheckView> checks = new LinkedHashMap<>();
            for (CheckState check : catalog.checks()) {
                RegisteredService service = catalog.service(check.definition().serviceId()).orElse(null);
                checks.put(check.id(), CheckView.of(check, service, catalog.node()));
            }
            return new Answer(at, checks);
        });
    }

    @PutMapping("/check/pass/{checkId}")
    ResponseEntity<Void> pass(@PathVariable String checkId, @RequestParam(required = false) String note) {
        catalog.reportTtl(checkId, CheckStatus.PASSING, note == null ? "" : note);
        return ResponseEntity.ok().build();
    }

    @PutMapping("/check/warn/{checkId}")
    ResponseEntity<Void> warn(@PathVariable String checkId, @RequestParam(required = false) String note) {
        catalog.reportTtl(checkId, CheckStatus.WARNING, note == null ? "" : note);
        return ResponseEntity.ok().build();
    }

    @PutMapping("/check/fail/{checkId}")
    ResponseEntity<Void> fail(@PathVariable String checkId, @RequestParam(required = false) String note) {
        catalog.reportTtl(checkId, CheckStatus.CRITICAL, note == null ? "" : note);
        return ResponseEntity.ok().build();
    }

    /** {@code {"Status": "passing|warning|critical", "Output": "..."}}, the newer form of pass/warn/fail. */
    @PutMapping("/check/update/{checkId}")
    ResponseEntity<Void> update(@PathVariable String checkId, HttpServletRequest request) {
        JsonNode body;
        try {
            body = json.readTree(RequestBodies.read(request));
        } catch (tools.jackson.core.JacksonException e) {
            throw ConsulApiException.badRequest("Request decode failed: " + e.getOriginalMessage());
        }
        if (body != null && !body.isMissingNode() && !body.isNull() && !body.isObject()) {
            throw ConsulApiException.badRequest("Request decode failed: json: cannot unmarshal " + body.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT) + " into Go value of type api.checkUpdate");
        }
        String status = updateField(body, "Status");
        String output = updateField(body, "Output");
        CheckStatus parsed = CheckStatus.fromWireName(status).orElseThrow(() -> ConsulApiException.badRequest(
                "Invalid check status: \"" + status + "\""));
        catalog.reportTtl(checkId, parsed, output);
        return ResponseEntity.ok().build();
    }

    /** A string field of a check update; null or absent is empty, any other type is refused as Go's decoder does. */
    private static String updateField(JsonNode body, String name) {
        JsonNode value = body == null ? null : body.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw ConsulApiException.badRequest("Request decode failed: json: cannot unmarshal "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + " into Go struct field checkUpdate." + name + " of type string");
        }
        return value.stringValue();
    }

    @GetMapping("/self")
    Map<String, Object> self() {
        var node = catalog.node();
        return Map.of(
                "Config", Map.of("Datacenter", node.datacenter(), "NodeName", node.name(), "NodeID", node.id(),
                        "Server", true, "Version", "1.20.0"),
                "Member", Map.of("Name", node.name(), "Addr", node.address(), "Port", 8301, "Status", 1));
    }
}
