package dev.suite.registry;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * A registry on random HTTP and DNS ports. Every test class with this annotation shares one Spring context,
 * so one registry serves them all; tests clean the catalog with {@link ConsulHttp#deregisterAll()}.
 * The registry must not register itself anywhere: Spring Cloud Consul is on the test classpath for the
 * client tests only.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.consul.enabled=false",
        "spring.cloud.discovery.enabled=false",
        "registry.dns.port=0",
        "registry.checks.reap-interval=200ms"})
public @interface RegistryTest {
}
