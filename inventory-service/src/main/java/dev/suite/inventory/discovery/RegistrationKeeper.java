package dev.suite.inventory.discovery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Registers this instance again whenever the registry does not list it. Spring Cloud Consul registers once at
 * start-up; with {@code fail-fast: false} an instance that started while the registry was down, or whose
 * registry restarted and forgot it, would otherwise stay undiscoverable until it restarts.
 */
@Component
public class RegistrationKeeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistrationKeeper.class);

    private final ObjectProvider<ConsulClient> consul;
    private final ObjectProvider<ConsulServiceRegistry> registry;
    private final ObjectProvider<ConsulAutoServiceRegistration> autoRegistration;
    private final ObjectProvider<ConsulAutoRegistration> registration;
    private final Settings settings;
    private ScheduledExecutorService checks;

    public RegistrationKeeper(ObjectProvider<ConsulClient> consul, ObjectProvider<ConsulServiceRegistry> registry,
            ObjectProvider<ConsulAutoServiceRegistration> autoRegistration,
            ObjectProvider<ConsulAutoRegistration> registration, Settings settings) {
        this.consul = consul;
        this.registry = registry;
        this.autoRegistration = autoRegistration;
        this.registration = registration;
        this.settings = settings;
    }

    /** @param checkInterval how often to ask the registry whether it still lists this instance */
    @ConfigurationProperties("suite.registration")
    public record Settings(@DefaultValue("10s") Duration checkInterval) {
    }

    /** One check: re-registers when the registry is reachable and does not list this instance. */
    public void check() {
        ConsulAutoServiceRegistration auto = autoRegistration.getIfAvailable();
        ConsulAutoRegistration self = registration.getIfAvailable();
        ConsulClient client = consul.getIfAvailable();
        ConsulServiceRegistry serviceRegistry = registry.getIfAvailable();
        if (auto == null || self == null || client == null || serviceRegistry == null || !auto.isRunning()) {
            return; // discovery off, or the web server has not started (or is stopping): nothing to keep
        }
        try {
            Map<String, ?> listed = client.getAgentServices().getBody();
            if (listed == null || !listed.containsKey(self.getInstanceId())) {
                log.info("The registry does not list {}; registering again", self.getInstanceId());
                serviceRegistry.register(self);
            }
        } catch (RuntimeException registryDown) {
            log.debug("Registry unreachable: {}", registryDown.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        if (autoRegistration.getIfAvailable() == null) {
            return;
        }
        checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "registration-keeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.checkInterval().toMillis();
        checks.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (checks != null) {
            checks.shutdownNow();
            checks = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checks != null;
    }
}
