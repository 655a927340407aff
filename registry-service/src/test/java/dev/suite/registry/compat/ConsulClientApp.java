package dev.suite.registry.compat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A plain Spring Boot application with spring-cloud-starter-consul-discovery, configured as the suite's
 * services are, pointed at a registry on {@code registryPort}. Its health can be switched DOWN.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ConsulClientApp {

    public static final AtomicBoolean healthy = new AtomicBoolean(true);
    public static final List<Long> heartbeats = new CopyOnWriteArrayList<>();

    @Bean
    HealthIndicator switchableHealth() {
        return () -> healthy.get() ? Health.up().build() : Health.down().withDetail("switched", "off").build();
    }

    @Bean
    ApplicationListener<HeartbeatEvent> heartbeatRecorder() {
        return event -> heartbeats.add(((Number) event.getValue()).longValue());
    }

    public static ConfigurableApplicationContext start(int registryPort, String instanceId, String... extra) {
        String[] properties = {
                "server.port=0",
                "spring.main.banner-mode=off",
                "spring.application.name=scc-client",
                "spring.cloud.consul.host=127.0.0.1",
                "spring.cloud.consul.port=" + registryPort,
                "spring.cloud.consul.config.enabled=false",
                "spring.cloud.consul.discovery.instance-id=" + instanceId,
                "spring.cloud.consul.discovery.prefer-ip-address=true",
                "spring.cloud.consul.discovery.ip-address=127.0.0.1",
                "spring.cloud.consul.discovery.health-check-interval=1s",
                "spring.cloud.consul.discovery.query-passing=true",
                "spring.cloud.consul.discovery.catalog-services-watch-delay=100",
                "spring.cloud.consul.discovery.catalog-services-watch-timeout=5",
                "management.endpoints.web.exposure.include=health",
                "registry.dns.enabled=false"};
        // As command-line arguments: they must win over the registry's own application.yml on this classpath.
        java.util.List<String> args = new java.util.ArrayList<>();
        for (String property : properties) {
            args.add("--" + property);
        }
        for (String property : extra) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(ConsulClientApp.class).run(args.toArray(String[]::new));
    }
}
