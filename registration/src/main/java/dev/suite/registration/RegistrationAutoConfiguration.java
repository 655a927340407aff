package dev.suite.registration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.consul.ConditionalOnConsulEnabled;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.annotation.Bean;

/**
 * Active wherever Spring Cloud Consul is; off with {@code suite.registration.enabled=false}. It takes Spring
 * Cloud Consul's beans lazily, when it runs, instead of conditioning on them: an ordering constraint here
 * would reorder Spring Cloud's own auto-configurations (theirs rely on alphabetical order).
 */
@AutoConfiguration
@ConditionalOnClass(ConsulAutoServiceRegistration.class)
@ConditionalOnConsulEnabled
@ConditionalOnProperty(name = "suite.registration.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RegistrationProperties.class)
public class RegistrationAutoConfiguration {

    @Bean
    RegistrationReconciler registrationReconciler(ObjectProvider<ConsulAutoServiceRegistration> autoRegistration,
            ObjectProvider<ConsulAutoRegistration> registration, ObjectProvider<ConsulServiceRegistry> registry,
            ObjectProvider<ConsulDiscoveryProperties> discovery, ObjectProvider<ConsulProperties> consul,
            RegistrationProperties properties) {
        return new RegistrationReconciler(autoRegistration, registration, registry, discovery, consul, properties);
    }
}
