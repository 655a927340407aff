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
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * What shared configuration this instance has applied, and when: the KV index the watch saw, the moment the watch's
 * refresh had returned (every {@code @ConfigurationProperties} bean rebound and every refresh-scoped bean renewed),
 * and the properties it changed. Shown under {@code config} in {@code /actuator/info}, so the delay from a KV write to
 * its effect can be measured from outside (bench/config-propagation).
 * <p>
 * The changed properties come from the refresh's {@link EnvironmentChangeEvent}; the refresh is shown only once it
 * has returned, so a reader never sees the time of a refresh that is still rebinding beans.
 */
public class AppliedConfiguration implements SmartApplicationListener, InfoContributor {

    /** One refresh the watch applied: the KV index, when it returned, and what it changed. */
    public record Refresh(long index, Instant at, Set<String> changedProperties) {
    }

    /** The properties the refresh under way changed, until the watch reports it returned. */
    private volatile Set<String> changing;
    private volatile Refresh last;
    private volatile Long index;
    private volatile List<ShadowedKey> shadowed = List.of();

    public AppliedConfiguration(Long startIndex) {
        this.index = startIndex;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return EnvironmentChangeEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        changing = new TreeSet<>(((EnvironmentChangeEvent) event).getKeys());
    }

    /** Called by the watch once the refresh it started for the KV state at {@code appliedIndex} has returned. */
    void refreshed(long appliedIndex) {
        index = appliedIndex;
        Set<String> changed = changing;
        if (changed != null) {
            last = new Refresh(appliedIndex, Instant.now(), changed);
            changing = null;
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
            lastRefresh.put("index", refresh.index());
            lastRefresh.put("at", refresh.at().toString());
            lastRefresh.put("epochMillis", refresh.at().toEpochMilli());
            lastRefresh.put("changedProperties", refresh.changedProperties());
            config.put("lastRefresh", lastRefresh);
        }
        config.put("shadowedKeys", shadowed);
        builder.withDetail("config", config);
    }
}
