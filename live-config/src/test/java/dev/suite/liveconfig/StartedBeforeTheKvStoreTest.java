package dev.suite.liveconfig;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that starts while the KV store does not answer (the import is optional) starts on its defaults and
 * applies the shared configuration once the store answers, and every change after that.
 */
class StartedBeforeTheKvStoreTest {

    @Test
    void appliesTheSharedConfigurationOnceTheKvStoreAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LiveConfigTest.DemoApp.class)
                .web(WebApplicationType.NONE).run(
                        "--spring.application.name=demo",
                        "--spring.config.import=optional:consul:127.0.0.1:" + port,
                        "--spring.cloud.consul.config.fail-fast=false",
                        "--spring.cloud.consul.config.watch.enabled=false",
                        "--spring.cloud.consul.discovery.enabled=false",
                        "--spring.cloud.service-registry.auto-registration.enabled=false",
                        "--suite.config.watch.retry-delay=100ms");
                KvServer kv = new KvServer(port)) {
            LiveConfigTest.DemoSettings settings = app.getBean(LiveConfigTest.DemoSettings.class);
            assertThat(settings.getGreeting()).isEqualTo("default");

            kv.put("config/demo/demo/greeting", "hello, late store");
            await().atMost(Duration.ofSeconds(5)).until(() -> settings.getGreeting().equals("hello, late store"));

            kv.put("config/application/demo/greeting", "shared");
            kv.put("config/demo/demo/greeting", "and live");
            await().atMost(Duration.ofSeconds(2)).until(() -> settings.getGreeting().equals("and live"));
        }
    }
}
