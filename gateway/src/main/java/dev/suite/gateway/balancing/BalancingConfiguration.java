package dev.suite.gateway.balancing;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionDefinition;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

@Configuration(proxyBeanMethods = false)
class BalancingConfiguration {

    /** The bean by which Spring Cloud Gateway turns an {@code lb://} route into a proxy with its load-balancer filter. */
    static final String LB_HANDLER_DEFINITION = "lbHandlerFunctionDefinition";

    /**
     * Gives {@code lb://} routes the {@link LoadBalancedFilter} instead of Spring Cloud Gateway's own. The gateway finds
     * the handler of a route's URI scheme by the bean name {@code <scheme>HandlerFunctionDefinition}, and that bean is
     * not conditional, so it is replaced as it is created rather than declared a second time.
     */
    @Bean
    static BeanPostProcessor loadBalancedRoutes(ObjectProvider<LoadBalancerClientFactory> clientFactories) {
        SingletonSupplier<LoadBalancerClientFactory> clientFactory = SingletonSupplier.of(clientFactories::getObject);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!LB_HANDLER_DEFINITION.equals(beanName)) {
                    return bean;
                }
                Function<RouteProperties, HandlerFunctionDefinition> definition = route -> {
                    String serviceId = Objects.requireNonNull(route.getUri(), "routeProperties.uri must not be null")
                        .getHost();
                    return new HandlerFunctionDefinition.Default("lb", HandlerFunctions.http(), List.of(),
                            List.of(new LoadBalancedFilter(serviceId, clientFactory)));
                };
                return definition;
            }
        };
    }
}
