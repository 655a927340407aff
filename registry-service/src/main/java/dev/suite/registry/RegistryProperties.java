package dev.suite.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.*}; defaults here are the documented ones (see docs/registry.md).
 *
 * @param nodeName    the agent node's name, shown as {@code Node} in answers
 * @param nodeAddress the node's address, used for any service registered without {@code Address}
 * @param datacenter  the datacenter name ({@code dc1} as in Consul)
 * @param aclToken    when set, every write must carry this token ({@code X-Consul-Token}, {@code ?token=} or
 *                    {@code Authorization: Bearer}); reads stay open
 */
@ConfigurationProperties("registry")
public record RegistryProperties(
        @DefaultValue("suite-registry") String nodeName,
        @DefaultValue("127.0.0.1") String nodeAddress,
        @DefaultValue("dc1") String datacenter,
        String aclToken,
        @DefaultValue Checks checks,
        @DefaultValue Dns dns,
        @DefaultValue Kv kv) {

    /**
     * The KV API is not kept here: like a Consul client agent that forwards KV requests to its servers, the
     * registry forwards {@code /v1/kv/**} to the consensus-service nodes, so a service needs one address for
     * discovery and shared configuration (Spring Cloud Consul uses one client for both).
     *
     * @param upstreams      consensus-service nodes, tried in turn until one answers; empty turns the KV API off
     * @param connectTimeout how long to wait for a connection to one node before trying the next
     * @param timeout        answer timeout of a non-blocking KV request (blocking queries wait as long as they ask)
     */
    public record Kv(
            @DefaultValue({"http://localhost:8701", "http://localhost:8702", "http://localhost:8703"})
            List<URI> upstreams,
            @DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("30s") Duration timeout) {
    }

    /**
     * @param reapInterval   how often instances critical for longer than their
     *                       {@code DeregisterCriticalServiceAfter} are looked for (Consul: 30 s)
     * @param minimumInterval shortest probe interval honoured; shorter ones are raised to it, as Consul does
     * @param defaultTimeout probe timeout when a check gives none (Consul: 10 s)
     */
    public record Checks(
            @DefaultValue("1s") Duration reapInterval,
            @DefaultValue("1s") Duration minimumInterval,
            @DefaultValue("10s") Duration defaultTimeout) {
    }

    /**
     * @param enabled     serve DNS at all
     * @param port        UDP and TCP port; 0 picks a free one (tests)
     * @param bindAddress address to listen on
     * @param domain      the zone served, {@code consul} as in Consul
     * @param ttl         TTL of answers; 0 means clients must not cache, Consul's default
     * @param onlyPassing answer with passing instances only; Consul's own default also includes warning ones
     */
    public record Dns(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8600") int port,
            @DefaultValue("127.0.0.1") String bindAddress,
            @DefaultValue("consul") String domain,
            @DefaultValue("0s") Duration ttl,
            @DefaultValue("true") boolean onlyPassing) {
    }
}
