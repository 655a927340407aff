package dev.suite.console;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the console looks ({@code console.*}); application.yml maps the environment variables onto these.
 *
 * @param registry         the Consul HTTP API (registry-service or a Consul agent): catalog, health, agent, KV
 * @param dns              the registry's DNS interface, {@code host:port}
 * @param consensusNodes   consensus nodes' HTTP addresses (operator endpoints, {@code /v1/agent/self}); empty hides the Raft view
 * @param kvPrefix         the KV subtree the configuration view shows and edits
 * @param blockingWait     how long one blocking query may wait ({@code ?wait=})
 * @param raftInterval     how often the Raft view asks each node (those endpoints have no blocking query)
 * @param requestTimeout   timeout of every other request to a node or service
 * @param eventBuffer      how many recent events a reconnecting page can resume from (Last-Event-ID)
 * @param balancingCallers  applications whose per-instance load-balancer meters the load-balancing view scrapes
 * @param balancingInterval how often it scrapes them
 */
@ConfigurationProperties("console")
public record ConsoleProperties(
        @DefaultValue("http://127.0.0.1:8500") URI registry,
        @DefaultValue("127.0.0.1:8600") String dns,
        @DefaultValue({"http://127.0.0.1:8701", "http://127.0.0.1:8702", "http://127.0.0.1:8703"}) List<URI> consensusNodes,
        @DefaultValue("config/") String kvPrefix,
        @DefaultValue("30s") Duration blockingWait,
        @DefaultValue("1s") Duration raftInterval,
        @DefaultValue("3s") Duration requestTimeout,
        @DefaultValue("512") int eventBuffer,
        @DefaultValue({"gateway", "order-service"}) List<String> balancingCallers,
        @DefaultValue("2s") Duration balancingInterval) {
}
