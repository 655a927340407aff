package dev.suite.registry.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.suite.registry.RegistryProperties;
import dev.suite.registry.catalog.CheckDefinition;
import dev.suite.registry.catalog.CheckStatus;
import dev.suite.registry.catalog.ServiceDefinition;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Decodes a service registration the way Consul's agent does: field names match case-insensitively and with
 * or without underscores (Go's JSON decoding plus Consul's snake_case aliases), unknown fields are ignored,
 * and every problem becomes a 400 with Consul's wording, before anything is registered.
 */
@Component
public class RegistrationParser {

    private static final List<String> UNSUPPORTED_CHECK_FIELDS = List.of("args", "scriptargs", "shell",
            "dockercontainerid", "grpc", "h2ping", "udp", "aliasnode", "aliasservice", "osservice");

    private final ObjectMapper json;
    private final RegistryProperties.Checks settings;

    public RegistrationParser(ObjectMapper json, RegistryProperties properties) {
        this.json = json;
        this.settings = properties.checks();
    }

    public ServiceRegistration parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw decodeFailed(e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw ConsulApiException.badRequest("Request decode failed: EOF");
        }
        if (!root.isObject()) {
            throw decodeFailed("json: cannot unmarshal " + kind(root) + " into Go value of type structs.ServiceDefinition");
        }
        Map<String, JsonNode> fields = fields(root);
        String name = string(fields, "name", "Name");
        if (name.isEmpty()) {
            throw ConsulApiException.badRequest("Missing service name");
        }
        String id = string(fields, "id", "ID");
        if (id.isEmpty()) {
            id = name;
        }
        int port = port(fields.get("port"));
        ServiceDefinition service = new ServiceDefinition(id, name, stringList(fields, "tags", "Tags"),
                string(fields, "address", "Address"), port, stringMap(fields, "meta", "Meta"),
                bool(fields, "enabletagoverride", "EnableTagOverride"));

        List<JsonNode> checkNodes = new ArrayList<>();
        JsonNode single = fields.get("check");
        if (single != null && !single.isNull()) {
            checkNodes.add(single);
        }
        JsonNode many = fields.get("checks");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw decodeFailed("json: cannot unmarshal " + kind(many) + " into Go struct field Checks of type structs.CheckTypes");
            }
            many.forEach(checkNodes::add);
        }
        List<CheckDefinition> checks = new ArrayList<>();
        for (int i = 0; i < checkNodes.size(); i++) {
            String defaultId = checkNodes.size() > 1 ? "service:" + id + ":" + (i + 1) : "service:" + id;
            checks.add(check(checkNodes.get(i), defaultId, service));
        }
        return new ServiceRegistration(service, checks);
    }

    private CheckDefinition check(JsonNode node, String defaultId, ServiceDefinition service) {
        if (!node.isObject()) {
            throw decodeFailed("json: cannot unmarshal " + kind(node) + " into Go struct field Check of type structs.CheckType");
        }
        Map<String, JsonNode> fields = fields(node);
        for (String unsupported : UNSUPPORTED_CHECK_FIELDS) {
            JsonNode value = fields.get(unsupported);
            if (value != null && !value.isNull() && !(value.isString() && value.stringValue().isEmpty())
                    && !(value.isArray() && value.isEmpty())) {
                throw ConsulApiException.badRequest("Invalid check: unsupported check type (" + unsupported
                        + "); this registry runs TTL, HTTP and TCP checks");
            }
        }
        String checkId = string(fields, "checkid", "CheckID");
        if (checkId.isEmpty()) {
            checkId = string(fields, "id", "ID");
        }
        if (checkId.isEmpty()) {
            checkId = defaultId;
        }
        String name = string(fields, "name", "Name");
        if (name.isEmpty()) {
            name = "Service '" + service.name() + "' check";
        }
        String ttlText = string(fields, "ttl", "TTL");
        String http = string(fields, "http", "HTTP");
        String tcp = string(fields, "tcp", "TCP");
        int kinds = (ttlText.isEmpty() ? 0 : 1) + (http.isEmpty() ? 0 : 1) + (tcp.isEmpty() ? 0 : 1);
        if (kinds == 0) {
            throw ConsulApiException.badRequest("Invalid check: Must provide TTL or HTTP or TCP and Interval");
        }
        if (kinds > 1) {
            throw ConsulApiException.badRequest("Invalid check: only one of TTL, HTTP and TCP may be given");
        }
        Duration interval = duration(fields, "interval", "Interval");
        Duration timeout = duration(fields, "timeout", "Timeout");
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            timeout = settings.defaultTimeout();
        }
        CheckDefinition.Probe probe;
        if (!ttlText.isEmpty()) {
            Duration ttl = duration(fields, "ttl", "TTL");
            if (ttl.isZero() || ttl.isNegative()) {
                throw ConsulApiException.badRequest("Invalid check: TTL must be > 0 for TTL checks");
            }
            probe = new CheckDefinition.Ttl(ttl);
        } else {
            if (interval == null || interval.isZero() || interval.isNegative()) {
                throw ConsulApiException.badRequest("Invalid check: Interval must be > 0 for HTTP or TCP checks");
            }
            if (interval.compareTo(settings.minimumInterval()) < 0) {
                interval = settings.minimumInterval();
            }
            if (!http.isEmpty()) {
                java.net.URI uri;
                try {
                    uri = java.net.URI.create(http);
                } catch (IllegalArgumentException e) {
                    throw ConsulApiException.badRequest("Invalid check: HTTP is not a valid URL: " + http);
                }
                if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                    throw ConsulApiException.badRequest("Invalid check: HTTP is not a valid URL: " + http);
                }
                String method = string(fields, "method", "Method");
                probe = new CheckDefinition.Http(http, method.isEmpty() ? "GET" : method.toUpperCase(Locale.ROOT),
                        headers(fields), string(fields, "body", "Body"), interval, timeout,
                        bool(fields, "tlsskipverify", "TLSSkipVerify"));
            } else {
                if (!tcp.matches(".+:\\d{1,5}")) {
                    throw ConsulApiException.badRequest("Invalid check: TCP must be host:port, got " + tcp);
                }
                probe = new CheckDefinition.Tcp(tcp, interval, timeout);
            }
        }
        String statusText = string(fields, "status", "Status");
        CheckStatus status = statusText.isEmpty() ? CheckStatus.CRITICAL
                : CheckStatus.fromWireName(statusText).orElseThrow(() -> ConsulApiException.badRequest(
                        "Status for checks must 'passing', 'warning', 'critical'"));
        Duration deregisterAfter = duration(fields, "deregistercriticalserviceafter", "DeregisterCriticalServiceAfter");
        if (deregisterAfter != null && (deregisterAfter.isZero() || deregisterAfter.isNegative())) {
            deregisterAfter = null;
        }
        return new CheckDefinition(checkId, name, string(fields, "notes", "Notes"), service.id(), probe, status,
                deregisterAfter);
    }

    // ---- Go-style field access ----

    /** Field names folded to lower case without underscores; the first spelling seen wins, as in Go. */
    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            result.putIfAbsent(entry.getKey().replace("_", "").toLowerCase(Locale.ROOT), entry.getValue());
        }
        return result;
    }

    private static String string(Map<String, JsonNode> fields, String key, String goName) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw typeMismatch(value, goName, "string");
        }
        return value.stringValue();
    }

    private static boolean bool(Map<String, JsonNode> fields, String key, String goName) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw typeMismatch(value, goName, "bool");
        }
        return value.booleanValue();
    }

    private static int port(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber()) {
            throw typeMismatch(value, "Port", "int");
        }
        if (!value.canConvertToLong() || value.longValue() < 0 || value.longValue() > 65535) {
            throw ConsulApiException.badRequest("Invalid Port: " + value + " is out of range 0-65535");
        }
        return value.intValue();
    }

    private static Duration duration(Map<String, JsonNode> fields, String key, String goName) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Duration.ofNanos(value.longValue()); // Go decodes a bare number as nanoseconds
        }
        if (!value.isString()) {
            throw typeMismatch(value, goName, "time.Duration");
        }
        if (value.stringValue().isEmpty()) {
            return null;
        }
        try {
            return GoDuration.parse(value.stringValue());
        } catch (IllegalArgumentException e) {
            throw decodeFailed(e.getMessage());
        }
    }

    private static List<String> stringList(Map<String, JsonNode> fields, String key, String goName) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw typeMismatch(value, goName, "[]string");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw typeMismatch(item, goName, "string");
            }
            result.add(item.stringValue());
        }
        return result;
    }

    private static Map<String, String> stringMap(Map<String, JsonNode> fields, String key, String goName) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw typeMismatch(value, goName, "map[string]string");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw typeMismatch(entry.getValue(), goName, "string");
            }
            result.put(entry.getKey(), entry.getValue().stringValue());
        }
        return result;
    }

    private static Map<String, List<String>> headers(Map<String, JsonNode> fields) {
        JsonNode value = fields.get("header");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw typeMismatch(value, "Header", "map[string][]string");
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            result.put(entry.getKey(), stringList(Map.of("v", entry.getValue()), "v", "Header"));
        }
        return result;
    }

    private static ConsulApiException typeMismatch(JsonNode value, String goField, String goType) {
        return decodeFailed("json: cannot unmarshal " + kind(value) + " into Go struct field " + goField
                + " of type " + goType);
    }

    private static ConsulApiException decodeFailed(String detail) {
        return ConsulApiException.badRequest("Request decode failed: " + detail);
    }

    private static String kind(JsonNode node) {
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isArray()) {
            return "array";
        }
        return node.isObject() ? "object" : "null";
    }
}
