package dev.suite.liveconfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The library in an application with Spring Cloud Consul config, against a Consul KV API over real HTTP: a write to
 * one of the application's contexts reaches its {@code @ConfigurationProperties} at once, and what was applied is
 * visible in the info contributor.
 */
class LiveConfigTest {

    /**
     * Far below the blocking query's 30 s wait here: only a watch that answers on the write passes. How fast it is, is
     * bench/config-propagation's question (a timed assertion would fail on a loaded machine, not on a slow watch).
     */
    private static final Duration APPLIED = Duration.ofSeconds(10);

    private static KvServer kv;
    private static ConfigurableApplicationContext app;

    @ConfigurationProperties("demo")
    static class DemoSettings {
        private String greeting = "default";

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }
    }

    /** Takes demo.echoed through a placeholder ({@code echo: ${demo.echoed:none}}). */
    @ConfigurationProperties("echoing")
    static class EchoingSettings {
        private String echo;

        public String getEcho() {
            return echo;
        }

        public void setEcho(String echo) {
            this.echo = echo;
        }
    }

    /** Counts how often it is bound: a change that cannot reach it must not rebind it. */
    @ConfigurationProperties("untouched")
    static class UntouchedSettings {
        static final AtomicInteger BOUND = new AtomicInteger();

        public void setValue(String value) {
            BOUND.incrementAndGet();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties({ DemoSettings.class, EchoingSettings.class, UntouchedSettings.class })
    static class DemoApp {
    }

    @BeforeAll
    static void start() throws Exception {
        kv = new KvServer();
        kv.put("config/demo/demo/greeting", "hello");
        app = new SpringApplicationBuilder(DemoApp.class).web(WebApplicationType.NONE).run(
                "--spring.application.name=demo",
                "--spring.config.import=consul:127.0.0.1:" + kv.port(),
                "--spring.cloud.consul.config.watch.enabled=false",
                "--spring.cloud.consul.discovery.enabled=false",
                "--spring.cloud.service-registry.auto-registration.enabled=false",
                "--suite.config.watch.wait-time=30s",
                "--echoing.echo=${demo.echoed:none}",
                "--untouched.value=x");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        kv.close();
    }

    @Test
    void aWriteToTheApplicationsContextReachesItsConfigurationProperties() {
        assertThat(settings().getGreeting()).isEqualTo("hello");

        long written = kv.put("config/demo/demo/greeting", "bonjour");

        await().atMost(APPLIED).until(() -> settings().getGreeting().equals("bonjour"));
        await().atMost(APPLIED).until(() -> applied().index() != null && applied().index() >= written);
        assertThat(applied().lastRefresh().changedProperties()).containsExactly("demo.greeting");
    }

    @Test
    void aChangeRebindsOnlyTheBeansItReachesAlsoThroughAPlaceholder() {
        assertThat(app.getBean(ConfigurationPropertiesRebinder.class)).isInstanceOf(TargetedRebinder.class);
        int boundBefore = UntouchedSettings.BOUND.get();

        assertThat(app.getBean(EchoingSettings.class).getEcho()).isEqualTo("none");

        kv.put("config/demo/demo/echoed", "hallo");

        await().atMost(APPLIED).until(() -> "hallo".equals(app.getBean(EchoingSettings.class).getEcho()));
        assertThat(UntouchedSettings.BOUND.get()).isEqualTo(boundBefore);
    }

    @Test
    void theSharedContextIsWatchedByTheSameQuery() {
        long written = kv.put("config/application/demo/greeting", "from the shared context");
        // the application's own context has precedence: the shared value is applied but does not win
        await().atMost(APPLIED).until(() -> applied().index() >= written);
        assertThat(app.getEnvironment().getProperty("demo.greeting")).isNotEqualTo("from the shared context");

        long farewell = kv.put("config/application/demo/farewell", "bye");
        await().atMost(APPLIED).until(() -> "bye".equals(app.getEnvironment().getProperty("demo.farewell")));
        assertThat(applied().index()).isGreaterThanOrEqualTo(farewell);
    }

    @Test
    void anotherServicesKeyDoesNotRefreshThisOne() throws Exception {
        kv.put("config/demo/demo/marker", "1");
        await().atMost(APPLIED).until(() -> "1".equals(app.getEnvironment().getProperty("demo.marker")));
        AppliedConfiguration.Refresh before = applied().lastRefresh();

        kv.put("config/other-service/demo/greeting", "not for demo");
        kv.put("config/demo/demo/marker", "2");

        await().atMost(APPLIED).until(() -> "2".equals(app.getEnvironment().getProperty("demo.marker")));
        assertThat(applied().lastRefresh()).isNotEqualTo(before);
        assertThat(applied().lastRefresh().changedProperties()).containsExactly("demo.marker");
        assertThat(settings().getGreeting()).isNotEqualTo("not for demo");
    }

    @Test
    void aWriteThatChangesNothingOfTheApplicationsMovesItsAppliedIndexWithoutARefresh() {
        long first = kv.put("config/demo/demo/unchanged", "same");
        await().atMost(APPLIED).until(() -> applied().index() >= first);
        AppliedConfiguration.Refresh before = applied().lastRefresh();

        long again = kv.put("config/demo/demo/unchanged", "same");

        await().atMost(APPLIED).until(() -> applied().index() >= again);
        assertThat(applied().lastRefresh()).isEqualTo(before);
    }

    @Test
    void aKeyShadowedByAnotherFormOfTheSameNameIsReportedInInfo() {
        kv.put("config/demo/demo/shadowed", "slash form");
        long written = kv.put("config/demo/demo.shadowed", "dotted form");

        await().atMost(APPLIED).until(() -> applied().index() >= written);
        assertThat(app.getEnvironment().getProperty("demo.shadowed")).isEqualTo("slash form");
        assertThat(applied().shadowedKeys()).contains(
                new ShadowedKey("demo.shadowed", "config/demo/demo.shadowed", "config/demo/demo/shadowed"));
        Info.Builder info = new Info.Builder();
        applied().contribute(info);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) info.build().getDetails().get("config");
        assertThat(config).containsKeys("appliedIndex", "lastRefresh", "shadowedKeys");
    }

    private static DemoSettings settings() {
        return app.getBean(DemoSettings.class);
    }

    private static AppliedConfiguration applied() {
        return app.getBean(AppliedConfiguration.class);
    }
}
