package dev.suite.gateway.proxy;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

@Configuration(proxyBeanMethods = false)
class RoutesFirstConfiguration {

    /**
     * Asks the router functions (the gateway's routes, API documents and Swagger UI) for a handler before any other
     * handler mapping. The actuator's endpoint mapping comes first by default (order -100) and matched every proxied
     * request against its endpoints in vain: 2.9 % of the gateway's CPU samples (bench/gateway/README.md, run 9). No
     * route overlaps an actuator path, so every request still finds the same handler.
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
}
