package dev.suite.web.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The public API's OpenAPI document at {@code /v3/api-docs} of a service that has springdoc: the operations and
 * schemas come from its controllers' annotations, the rest from here. The gateway serves order-service's as
 * {@code /v3/api-docs/orders} and inventory-service's as {@code /v3/api-docs/inventory}. springdoc's settings are in
 * {@code springdoc.properties} beside this class (lowest precedence: any property source overrides them).
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
@PropertySource("classpath:dev/suite/web/openapi/springdoc.properties")
public class PublicApiDocument {

    @Bean
    @ConditionalOnMissingBean
    OpenAPI publicApi(@Value("${spring.application.name:application}") String service) {
        return new OpenAPI()
                .info(new Info().title(service).version("1")
                        .description("The public API of " + service + ", through the gateway. Errors are RFC 9457 problem "
                                + "details (application/problem+json) with a type urn:suite:problem:<name>; every 400 is "
                                + "invalid-request and lists each offending field with the rule it breaks (errors). "
                                + "See docs/business.md."))
                // Relative: the same paths answer on the gateway and on the service itself.
                .servers(List.of(new Server().url("/").description("the gateway, or " + service + " itself")));
    }
}
