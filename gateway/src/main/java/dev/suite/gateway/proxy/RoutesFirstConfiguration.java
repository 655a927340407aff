package dev.suite.gateway.proxy;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

/**
 * A proxied request finds its route first: each handler mapping and router function asked before it costs every
 * request a match in vain (bench/gateway/README.md, run 9). No route overlaps an actuator path or another router
 * function's paths, so every request still finds the same handler.
 */
@Configuration(proxyBeanMethods = false)
class RoutesFirstConfiguration {

    /** The bean Spring Cloud Gateway registers for the routes of {@code spring.cloud.gateway.server.webmvc.routes}. */
    static final String PROPERTY_ROUTES = "gatewayCompositeRouterFunction";

    /**
     * The router functions before the actuator's endpoint mapping (order -100, which matched every proxied request
     * against its endpoints: 2.9 % of the CPU samples).
     */
    @Bean
    static BeanPostProcessor routesBeforeOtherHandlerMappings() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RouterFunctionMapping mapping) {
                    mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
                }
                return bean;
            }
        };
    }

    /**
     * The routes of {@code application.yml} before the other router functions (the API documents and Swagger UI, which
     * come first by registration order and were matched against every proxied request: 1.8 % of the CPU samples).
     */
    @Bean
    static BeanFactoryPostProcessor propertyRoutesBeforeOtherRouterFunctions() {
        return beanFactory -> {
            if (beanFactory.containsBeanDefinition(PROPERTY_ROUTES)) {
                beanFactory.getBeanDefinition(PROPERTY_ROUTES)
                        .setAttribute(AbstractBeanDefinition.ORDER_ATTRIBUTE, Ordered.HIGHEST_PRECEDENCE);
            }
        };
    }
}
