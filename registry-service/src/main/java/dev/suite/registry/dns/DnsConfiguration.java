package dev.suite.registry.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.suite.registry.RegistryProperties;
import dev.suite.registry.catalog.Catalog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "registry.dns.enabled", havingValue = "true", matchIfMissing = true)
class DnsConfiguration {

    @Bean
    DnsResponder dnsResponder(Catalog catalog, RegistryProperties properties) {
        return new DnsResponder(catalog, properties.dns(), properties.datacenter());
    }

    @Bean
    DnsServer dnsServer(DnsResponder responder, RegistryProperties properties) throws UnknownHostException {
        return new DnsServer(responder, InetAddress.getByName(properties.dns().bindAddress()),
                properties.dns().port());
    }
}
