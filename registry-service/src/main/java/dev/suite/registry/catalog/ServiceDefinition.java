package dev.suite.registry.catalog;

import java.util.List;
import java.util.Map;

/**
 * A service instance as registered. {@code address} may be empty: then clients and DNS use the node's
 * address, as Consul does.
 */
public record ServiceDefinition(String id, String name, List<String> tags, String address, int port,
        Map<String, String> meta, boolean enableTagOverride) {

    public ServiceDefinition {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
        address = address == null ? "" : address;
    }

    public String effectiveAddress(Node node) {
        return address.isEmpty() ? node.address() : address;
    }
}
