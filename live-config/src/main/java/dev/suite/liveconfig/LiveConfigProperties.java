package dev.suite.liveconfig;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the shared-configuration watch, under {@code suite.config.watch}.
 *
 * @param enabled    watch the Consul KV contexts and refresh when one of them changes
 * @param waitTime   how long one blocking query may be held by the server (Consul caps it at 10 minutes); a change is
 *                   delivered as soon as it is applied, whatever this is
 * @param retryDelay pause after a failed query (KV store or registry unreachable) before the next attempt
 */
@ConfigurationProperties("suite.config.watch")
public record LiveConfigProperties(@DefaultValue("true") boolean enabled, @DefaultValue("55s") Duration waitTime,
        @DefaultValue("1s") Duration retryDelay) {

    public LiveConfigProperties {
        if (waitTime.isNegative() || waitTime.isZero() || waitTime.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("suite.config.watch.wait-time must be between 1s and 10m, was " + waitTime);
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("suite.config.watch.retry-delay must not be negative, was " + retryDelay);
        }
    }
}
