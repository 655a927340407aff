package dev.suite.registry;

import java.time.Clock;
import java.util.UUID;

import dev.suite.registry.catalog.Catalog;
import dev.suite.registry.catalog.Node;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistryApplication {

    public static void main(String[] args) {
        SpringApplication.run(RegistryApplication.class, args);
    }

    @Bean
    Catalog catalog(RegistryProperties properties) {
        // The node ID is stable per name, like a Consul agent's node-id file, so restarts keep it.
        String nodeId = UUID.nameUUIDFromBytes(properties.nodeName().getBytes()).toString();
        return new Catalog(new Node(nodeId, properties.nodeName(), properties.nodeAddress(),
                properties.datacenter()), Clock.systemUTC());
    }
}
