package dev.suite.registry.api;

import dev.suite.registry.RegistryProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration implements WebMvcConfigurer {

    private final RegistryProperties properties;

    ApiConfiguration(RegistryProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AclTokenCheck(properties)).addPathPatterns("/v1/**")
                // KV writes are authorised by the consensus-service, which receives the token with the request
                .excludePathPatterns("/v1/kv/**");
    }
}
