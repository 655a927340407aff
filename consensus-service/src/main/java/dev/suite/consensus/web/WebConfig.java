package dev.suite.consensus.web;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.suite.consensus.cluster.ConsensusProperties;
import dev.suite.consensus.kv.KvService;
import dev.suite.consensus.kv.KvServlet;
import tools.jackson.databind.json.JsonMapper;

@Configuration
class WebConfig implements WebMvcConfigurer {

    /** Null when no ACL token is configured. */
    private final AclInterceptor acl;

    WebConfig(ConsensusProperties settings) {
        String token = settings.aclToken();
        this.acl = token == null || token.isBlank() ? null : new AclInterceptor(token);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (acl != null) {
            // /v1/kv/** is not MVC: KvServlet checks the token itself.
            registry.addInterceptor(acl).addPathPatterns("/v1/operator/**");
        }
    }

    /** The KV API beside the DispatcherServlet (mapped to "/"): the longer path mapping wins. */
    @Bean
    ServletRegistrationBean<KvServlet> kvServlet(KvService kv, JsonMapper json) {
        return new ServletRegistrationBean<>(new KvServlet(kv, json, acl), "/v1/kv/*");
    }
}
