package dev.suite.gateway.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client-wide limits of the gateway's calls to backends; routes may shorten or lengthen the response wait with their
 * {@code ResponseTimeout} filter.
 *
 * @param connectTimeout         how long to wait for a TCP connection to an instance
 * @param defaultResponseTimeout how long to wait for response headers on routes without their own limit
 */
@ConfigurationProperties("gateway.client")
public record ResilienceProperties(@DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("10s") Duration defaultResponseTimeout) {
}
