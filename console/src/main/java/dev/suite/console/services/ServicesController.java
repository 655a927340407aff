package dev.suite.console.services;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.web.BadRequestException;
import dev.suite.console.web.UpstreamException;
import tools.jackson.databind.JsonNode;

/** The services view's actions: maintenance of a known instance, and DNS beside HTTP for a known service. */
@RestController
class ServicesController {

    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private final ServiceWatcher watcher;
    private final DnsLookup dns;
    private final ConsulHttp http;
    private final ConsoleProperties settings;

    ServicesController(ServiceWatcher watcher, DnsLookup dns, ConsulHttp http, ConsoleProperties settings) {
        this.watcher = watcher;
        this.dns = dns;
        this.http = http;
        this.settings = settings;
    }

    @GetMapping("/api/services")
    Map<String, List<ServiceInstance>> services() {
        return watcher.instances();
    }

    @PutMapping("/api/services/instances/{id}/maintenance")
    Map<String, Object> maintenance(@PathVariable String id, @RequestParam boolean enable,
                                    @RequestParam(required = false, defaultValue = "") String reason,
                                    @RequestHeader(value = "X-Consul-Token", required = false) String token) {
        ServiceInstance instance = watcher.instance(id)
                .orElseThrow(() -> new BadRequestException(HttpStatus.NOT_FOUND, "no instance with id '" + id + "'"));
        if (reason.length() > 200) {
            throw new BadRequestException("reason is longer than 200 characters");
        }
        String path = "/v1/agent/service/maintenance/" + encode(instance.id()) + "?enable=" + enable
                + (reason.isEmpty() ? "" : "&reason=" + encode(reason));
        ConsulHttp.Answer answer;
        try {
            answer = http.put(settings.registry(), path, "", token);
        } catch (IOException e) {
            throw new UpstreamException("registry unreachable: " + e.getMessage());
        }
        if (answer.status() == 403) {
            throw new BadRequestException(HttpStatus.FORBIDDEN, "the registry refused the token: " + answer.body());
        }
        if (!answer.ok()) {
            throw new UpstreamException("registry answered " + answer.status() + ": " + answer.body());
        }
        return Map.of("id", instance.id(), "maintenance", enable);
    }

    @GetMapping("/api/services/{name}/dns")
    DnsAnswer dns(@PathVariable String name) {
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new BadRequestException("'" + name + "' is not a DNS label (letters, digits, '-', at most 63)");
        }
        if (!watcher.instances().containsKey(name)) {
            throw new BadRequestException(HttpStatus.NOT_FOUND, "no service named '" + name + "' in the catalog");
        }
        List<String> passing = new ArrayList<>();
        List<String> catalog = new ArrayList<>();
        try {
            ConsulHttp.Answer all = http.get(settings.registry(), "/v1/catalog/service/" + encode(name));
            if (all.ok()) {
                for (JsonNode entry : http.parse(all.body())) {
                    String address = entry.path("ServiceAddress").asText();
                    catalog.add((address.isEmpty() ? entry.path("Address").asText() : address)
                            + ":" + entry.path("ServicePort").asInt());
                }
            }
            ConsulHttp.Answer answer = http.get(settings.registry(), "/v1/health/service/" + encode(name) + "?passing");
            if (answer.ok()) {
                for (JsonNode entry : http.parse(answer.body())) {
                    JsonNode service = entry.path("Service");
                    String address = service.path("Address").asText();
                    passing.add((address.isEmpty() ? entry.path("Node").path("Address").asText() : address)
                            + ":" + service.path("Port").asInt());
                }
            }
        } catch (IOException e) {
            throw new UpstreamException("registry unreachable: " + e.getMessage());
        }
        try {
            DnsLookup.Result result = dns.lookup(name);
            return new DnsAnswer(name, result.a(), result.srv(), result.rcode(), null, passing, catalog);
        } catch (IOException | RuntimeException e) {
            return new DnsAnswer(name, List.of(), List.of(), null, "DNS " + settings.dns() + ": " + e.getMessage(), passing,
                    catalog);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
