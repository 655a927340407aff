package dev.suite.consensus.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.suite.consensus.cluster.ConsensusProperties;

@Configuration
class WebConfig implements WebMvcConfigurer {

    private final ConsensusProperties settings;

    WebConfig(ConsensusProperties settings) {
        this.settings = settings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (settings.aclToken() != null && !settings.aclToken().isBlank()) {
            registry.addInterceptor(new AclInterceptor(settings.aclToken()))
                    .addPathPatterns("/v1/kv/**", "/v1/operator/**");
        }
    }
}
