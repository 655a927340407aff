package dev.suite.gateway.proxy;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveForwardedRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopResponseHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveXForwardedRequestHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HeaderFiltersConfiguration {

    /**
     * Swaps four of Spring Cloud Gateway's header filters, as they are created, for {@link SkipWhenAbsent}'s versions.
     * Not every one of them is conditional on a missing bean, so they are replaced rather than declared a second time.
     */
    @Bean
    static BeanPostProcessor headerFiltersThatSkipTheCopy() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof SkipWhenAbsent.Marker) {
                    return bean;
                }
                if (bean instanceof RemoveForwardedRequestHeadersFilter) {
                    return new SkipWhenAbsent.ForwardedRequestHeaders();
                }
                if (bean instanceof RemoveXForwardedRequestHeadersFilter) {
                    return new SkipWhenAbsent.XForwardedRequestHeaders();
                }
                if (bean instanceof RemoveHopByHopRequestHeadersFilter) {
                    return new SkipWhenAbsent.HopByHopRequestHeaders();
                }
                if (bean instanceof RemoveHopByHopResponseHeadersFilter) {
                    return new SkipWhenAbsent.HopByHopResponseHeaders();
                }
                return bean;
            }
        };
    }
}
