package dev.suite.gateway.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client-wide limits of the gateway's calls to backends; routes may shorten or lengthen the response wait with their
 * {@code ResponseTimeout} filter.
 *
 * @param connectTimeout         how long to wait for a TCP connection to an instance
 * @param defaultResponseTimeout how long to wait for the instance's answer on routes without their own limit
 * @param maxConnectionsPerInstance keep-alive connections the gateway holds open to one instance at most; a request
 *                               that finds them all busy waits up to {@code connectTimeout} for one
 */
@ConfigurationProperties("gateway.client")
public record ResilienceProperties(@DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("10s") Duration defaultResponseTimeout, @DefaultValue("256") int maxConnectionsPerInstance) {

    public ResilienceProperties {
        if (maxConnectionsPerInstance < 1) {
            throw new IllegalArgumentException(
                    "gateway.client.max-connections-per-instance must be at least 1, was " + maxConnectionsPerInstance);
        }
    }
}
