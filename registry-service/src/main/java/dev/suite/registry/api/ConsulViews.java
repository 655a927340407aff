package dev.suite.registry.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.suite.registry.catalog.CheckDefinition;
import dev.suite.registry.catalog.CheckState;
import dev.suite.registry.catalog.CheckStatus;
import dev.suite.registry.catalog.Node;
import dev.suite.registry.catalog.RegisteredService;
import dev.suite.registry.catalog.ServiceDefinition;
import dev.suite.registry.catalog.ServiceHealth;

/** The JSON shapes of Consul's answers, field for field; built from catalog snapshots. */
final class ConsulViews {

    /** Consul's weights when none are registered. */
    static final Map<String, Integer> DEFAULT_WEIGHTS = Map.of("Passing", 1, "Warning", 1);

    private ConsulViews() {
    }

    @JsonPropertyOrder({"ID", "Service", "Tags", "Meta", "Port", "Address", "Weights", "EnableTagOverride",
            "Datacenter"})
    record AgentService(@JsonProperty("ID") String id, @JsonProperty("Service") String service,
            @JsonProperty("Tags") List<String> tags, @JsonProperty("Meta") Map<String, String> meta,
            @JsonProperty("Port") int port, @JsonProperty("Address") String address,
            @JsonProperty("Weights") Map<String, Integer> weights,
            @JsonProperty("EnableTagOverride") boolean enableTagOverride,
            @JsonProperty("Datacenter") String datacenter) {

        static AgentService of(RegisteredService registered, Node node) {
            ServiceDefinition s = registered.definition();
            return new AgentService(s.id(), s.name(), s.tags(), s.meta(), s.port(), s.address(), DEFAULT_WEIGHTS,
                    s.enableTagOverride(), node.datacenter());
        }
    }

    @JsonPropertyOrder({"ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta", "CreateIndex",
            "ModifyIndex"})
    record NodeView(@JsonProperty("ID") String id, @JsonProperty("Node") String node,
            @JsonProperty("Address") String address, @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
            @JsonProperty("Meta") Map<String, String> meta, @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {

        static NodeView of(Node node) {
            return new NodeView(node.id(), node.name(), node.address(), node.datacenter(), ConsulViews.taggedAddresses(node),
                    Map.of("consul-network-segment", ""), 1, 1);
        }
    }

    @JsonPropertyOrder({"ID", "Service", "Tags", "Address", "Meta", "Port", "Weights", "EnableTagOverride",
            "CreateIndex", "ModifyIndex"})
    record HealthServiceView(@JsonProperty("ID") String id, @JsonProperty("Service") String service,
            @JsonProperty("Tags") List<String> tags, @JsonProperty("Address") String address,
            @JsonProperty("Meta") Map<String, String> meta, @JsonProperty("Port") int port,
            @JsonProperty("Weights") Map<String, Integer> weights,
            @JsonProperty("EnableTagOverride") boolean enableTagOverride,
            @JsonProperty("CreateIndex") long createIndex, @JsonProperty("ModifyIndex") long modifyIndex) {
    }

    @JsonPropertyOrder({"Node", "CheckID", "Name", "Status", "Notes", "Output", "ServiceID", "ServiceName",
            "ServiceTags", "Type", "Interval", "Timeout", "CreateIndex", "ModifyIndex"})
    record CheckView(@JsonProperty("Node") String node, @JsonProperty("CheckID") String checkId,
            @JsonProperty("Name") String name, @JsonProperty("Status") CheckStatus status,
            @JsonProperty("Notes") String notes, @JsonProperty("Output") String output,
            @JsonProperty("ServiceID") String serviceId, @JsonProperty("ServiceName") String serviceName,
            @JsonProperty("ServiceTags") List<String> serviceTags, @JsonProperty("Type") String type,
            @JsonProperty("Interval") String interval, @JsonProperty("Timeout") String timeout,
            @JsonProperty("CreateIndex") long createIndex, @JsonProperty("ModifyIndex") long modifyIndex) {

        static CheckView of(CheckState state, RegisteredService service, Node node) {
            CheckDefinition d = state.definition();
            String interval = "";
            String timeout = "";
            if (d.probe() instanceof CheckDefinition.Http http) {
                interval = GoDuration.format(http.interval());
                timeout = GoDuration.format(http.timeout());
            } else if (d.probe() instanceof CheckDefinition.Tcp tcp) {
                interval = GoDuration.format(tcp.interval());
                timeout = GoDuration.format(tcp.timeout());
            }
            // Consul reports maintenance checks with an empty type
            String type = d.isMaintenance() ? "" : d.probe().type();
            return new CheckView(node.name(), d.id(), d.name(), state.status(), d.notes(), state.output(),
                    d.serviceId(), service == null ? "" : service.name(),
                    service == null ? List.of() : service.definition().tags(), type, interval, timeout,
                    state.createIndex(), state.modifyIndex());
        }

        /** The node-level check every Consul agent reports; this registry's node is always alive. */
        static CheckView serfHealth(Node node) {
            return new CheckView(node.name(), "serfHealth", "Serf Health Status", CheckStatus.PASSING, "",
                    "Agent alive and reachable", "", "", List.of(), "", "", "", 1, 1);
        }
    }

    @JsonPropertyOrder({"Node", "Service", "Checks"})
    record HealthEntry(@JsonProperty("Node") NodeView node, @JsonProperty("Service") HealthServiceView service,
            @JsonProperty("Checks") List<CheckView> checks) {

        static HealthEntry of(ServiceHealth health, Node node) {
            RegisteredService registered = health.service();
            ServiceDefinition s = registered.definition();
            HealthServiceView service = new HealthServiceView(s.id(), s.name(), s.tags(), s.address(), s.meta(),
                    s.port(), DEFAULT_WEIGHTS, s.enableTagOverride(), registered.createIndex(),
                    registered.modifyIndex());
            List<CheckView> checks = new java.util.ArrayList<>();
            checks.add(CheckView.serfHealth(node));
            health.checks().forEach(check -> checks.add(CheckView.of(check, registered, node)));
            return new HealthEntry(NodeView.of(node), service, checks);
        }
    }

    @JsonPropertyOrder({"ID", "Node", "Address", "Datacenter", "TaggedAddresses", "NodeMeta", "ServiceKind",
            "ServiceID", "ServiceName", "ServiceTags", "ServiceAddress", "ServiceWeights", "ServiceMeta",
            "ServicePort", "ServiceEnableTagOverride", "CreateIndex", "ModifyIndex"})
    record CatalogService(@JsonProperty("ID") String id, @JsonProperty("Node") String node,
            @JsonProperty("Address") String address, @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
            @JsonProperty("NodeMeta") Map<String, String> nodeMeta, @JsonProperty("ServiceKind") String serviceKind,
            @JsonProperty("ServiceID") String serviceId, @JsonProperty("ServiceName") String serviceName,
            @JsonProperty("ServiceTags") List<String> serviceTags,
            @JsonProperty("ServiceAddress") String serviceAddress,
            @JsonProperty("ServiceWeights") Map<String, Integer> serviceWeights,
            @JsonProperty("ServiceMeta") Map<String, String> serviceMeta,
            @JsonProperty("ServicePort") int servicePort,
            @JsonProperty("ServiceEnableTagOverride") boolean serviceEnableTagOverride,
            @JsonProperty("CreateIndex") long createIndex, @JsonProperty("ModifyIndex") long modifyIndex) {

        static CatalogService of(RegisteredService registered, Node node) {
            ServiceDefinition s = registered.definition();
            return new CatalogService(node.id(), node.name(), node.address(), node.datacenter(),
                    ConsulViews.taggedAddresses(node), Map.of("consul-network-segment", ""), "", s.id(), s.name(), s.tags(),
                    s.address(), DEFAULT_WEIGHTS, s.meta(), s.port(), s.enableTagOverride(),
                    registered.createIndex(), registered.modifyIndex());
        }
    }

    static Map<String, String> taggedAddresses(Node node) {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("lan", node.address());
        addresses.put("lan_ipv4", node.address());
        addresses.put("wan", node.address());
        addresses.put("wan_ipv4", node.address());
        return addresses;
    }
}
