package dev.suite.registry.catalog;

/** The single agent node this registry plays; every service instance lives on it, as with a one-agent Consul. */
public record Node(String id, String name, String address, String datacenter) {
}
