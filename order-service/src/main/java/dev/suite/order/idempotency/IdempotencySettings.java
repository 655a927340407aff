package dev.suite.order.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param inProgressTimeout how long a claimed key blocks retries before a retry may take it over; longer than
 *                          the inventory timeouts, so only a request whose replica died is taken over
 */
@ConfigurationProperties("order.idempotency")
public record IdempotencySettings(@DefaultValue("30s") Duration inProgressTimeout) {
}
