package dev.suite.registry.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A health check attached to a service instance. What it probes is one of a few kinds; the kind-specific
 * settings sit in {@link Probe}.
 *
 * @param deregisterCriticalAfter remove the whole service instance once this check has been critical this
 *                                long; null to keep it forever
 */
public record CheckDefinition(String id, String name, String notes, String serviceId, Probe probe,
        CheckStatus initialStatus, Duration deregisterCriticalAfter) {

    public static final String MAINTENANCE_PREFIX = "_service_maintenance:";

    public sealed interface Probe permits Ttl, Http, Tcp, Maintenance {
        /** Consul's {@code Type} field. */
        String type();
    }

    /** Passing, warning or critical as last reported through the agent's check endpoints; critical once {@code ttl} passes without a report. */
    public record Ttl(Duration ttl) implements Probe {
        public String type() {
            return "ttl";
        }
    }

    /** 2xx passing, 429 warning, anything else (or no answer within {@code timeout}) critical. */
    public record Http(String url, String method, Map<String, List<String>> headers, String body,
            Duration interval, Duration timeout, boolean tlsSkipVerify) implements Probe {
        public Http {
            headers = Map.copyOf(headers);
        }

        public String type() {
            return "http";
        }
    }

    /** Passing when a TCP connection to {@code address} (host:port) opens within {@code timeout}. */
    public record Tcp(String address, Duration interval, Duration timeout) implements Probe {
        public String type() {
            return "tcp";
        }
    }

    /** The critical check Consul adds while a service is in maintenance mode. */
    public record Maintenance() implements Probe {
        public String type() {
            return "maintenance";
        }
    }

    public boolean isMaintenance() {
        return probe instanceof Maintenance;
    }
}
