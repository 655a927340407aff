package dev.suite.liveconfig;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * What shared configuration this instance has applied, and when: the KV index the watch saw, the moment the refresh
 * had rebound every {@code @ConfigurationProperties} bean and refresh-scoped bean, and the properties it changed.
 * Shown under {@code config} in {@code /actuator/info}, so the delay from a KV write to its effect can be measured
 * from outside (bench/config-propagation).
 * <p>
 * A refresh publishes {@link EnvironmentChangeEvent} (beans are rebound while it is handled) and then
 * {@link RefreshScopeRefreshedEvent}; the time recorded is the later of the two.
 */
public class AppliedConfiguration implements SmartApplicationListener, InfoContributor {

    /** One refresh: the index it applied (null when not known: a refresh not started by the watch), when, and what. */
    public record Refresh(Long index, Instant at, Set<String> changedProperties) {
    }

    private volatile Refresh last;
    private volatile Long index;
    private volatile List<ShadowedKey> shadowed = List.of();

    public AppliedConfiguration(Long startIndex) {
        this.index = startIndex;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return EnvironmentChangeEvent.class.isAssignableFrom(eventType)
                || RefreshScopeRefreshedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof EnvironmentChangeEvent change) {
            last = new Refresh(null, Instant.now(), new TreeSet<>(change.getKeys()));
        }
        else if (last != null) {
            last = new Refresh(null, Instant.now(), last.changedProperties());
        }
    }

    /** Called by the watch once the refresh it started for the KV state at {@code appliedIndex} has returned. */
    void refreshed(long appliedIndex) {
        index = appliedIndex;
        Refresh refresh = last;
        if (refresh != null) {
            last = new Refresh(appliedIndex, refresh.at(), refresh.changedProperties());
        }
    }

    /** Called by the watch for a KV state that changed nothing of this application's: it is applied as it stands. */
    void appliedIndex(long appliedIndex) {
        index = appliedIndex;
    }

    void shadowed(List<ShadowedKey> keys) {
        shadowed = keys;
    }

    public Long index() {
        return index;
    }

    public Refresh lastRefresh() {
        return last;
    }

    public List<ShadowedKey> shadowedKeys() {
        return shadowed;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("appliedIndex", index);
        Refresh refresh = last;
        if (refresh != null) {
            Map<String, Object> lastRefresh = new LinkedHashMap<>();
            lastRefresh.put("at", refresh.at().toString());
            lastRefresh.put("epochMillis", refresh.at().toEpochMilli());
            lastRefresh.put("changedProperties", refresh.changedProperties());
            config.put("lastRefresh", lastRefresh);
        }
        config.put("shadowedKeys", shadowed);
        builder.withDetail("config", config);
    }
}
