package dev.suite.gateway.edge;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    @Bean
    FilterRegistrationBean<SuspiciousPathFilter> suspiciousPathFilter() {
        FilterRegistrationBean<SuspiciousPathFilter> registration =
                new FilterRegistrationBean<>(new SuspiciousPathFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BufferedRequestBody> bufferedRequestBody() {
        FilterRegistrationBean<BufferedRequestBody> registration =
                new FilterRegistrationBean<>(new BufferedRequestBody());
        registration.setOrder(BufferedRequestBody.ORDER);
        return registration;
    }
}
