package dev.suite.registration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code suite.registration.*}.
 *
 * @param enabled       keep the service registered (default true)
 * @param checkInterval how often the agent is asked whether it still knows this service; a registry that
 *                      restarted empty has it back within this interval plus the first health check
 */
@ConfigurationProperties("suite.registration")
public record RegistrationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") Duration checkInterval) {
}
