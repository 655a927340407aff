package dev.suite.registration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the Consul agent every {@code suite.registration.check-interval} whether it still knows this
 * service ({@code GET /v1/agent/service/{id}}); on 404 registers it again through Spring Cloud Consul's own
 * {@link ConsulServiceRegistry}, with the same ID, check and tags.
 *
 * <p>Why not Spring Cloud Consul's own mechanisms: its start-up retry gives up after a few seconds, and its
 * heartbeat re-registration works only for TTL checks and only when a heartbeat call throws, which its
 * client (which swallows 4xx answers) never does. This covers both cases the suite needs: a service started
 * before the registry, and a registry that restarted with an empty catalog.
 */
public class RegistrationReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistrationReconciler.class);

    private final ObjectProvider<ConsulAutoServiceRegistration> autoRegistrations;
    private final ObjectProvider<ConsulAutoRegistration> registrations;
    private final ObjectProvider<ConsulServiceRegistry> registries;
    private final ObjectProvider<ConsulDiscoveryProperties> discoveryProperties;
    private final ObjectProvider<ConsulProperties> consulProperties;
    private final RegistrationProperties properties;
    private volatile RestClient agent;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> task;

    public RegistrationReconciler(ObjectProvider<ConsulAutoServiceRegistration> autoRegistrations,
            ObjectProvider<ConsulAutoRegistration> registrations, ObjectProvider<ConsulServiceRegistry> registries,
            ObjectProvider<ConsulDiscoveryProperties> discoveryProperties,
            ObjectProvider<ConsulProperties> consulProperties, RegistrationProperties properties) {
        this.autoRegistrations = autoRegistrations;
        this.registrations = registrations;
        this.registries = registries;
        this.discoveryProperties = discoveryProperties;
        this.consulProperties = consulProperties;
        this.properties = properties;
    }

    /** One round: returns true when it (re-)registered the service. */
    public boolean reconcile() {
        ConsulAutoServiceRegistration autoRegistration = autoRegistrations.getIfAvailable();
        ConsulAutoRegistration registration = registrations.getIfAvailable();
        ConsulServiceRegistry registry = registries.getIfAvailable();
        ConsulDiscoveryProperties discovery = discoveryProperties.getIfAvailable();
        if (autoRegistration == null || registration == null || registry == null || discovery == null) {
            return false; // registration is switched off in Spring Cloud Consul
        }
        if (!autoRegistration.isRunning() || registration.getService().getPort() == null) {
            return false; // not started yet, or deregistered on shutdown: nothing to keep
        }
        RestClient agent = agent();
        String id = registration.getInstanceId();
        HttpStatusCode status;
        try {
            status = agent.get()
                    .uri("/v1/agent/service/{id}", id)
                    .headers(headers -> {
                        if (discovery.getAclToken() != null) {
                            headers.set("X-Consul-Token", discovery.getAclToken());
                        }
                    })
                    .exchange((request, response) -> response.getStatusCode());
        } catch (RestClientException unreachable) {
            log.debug("Consul agent unreachable, will ask again: {}", unreachable.getMessage());
            return false;
        }
        if (status.value() != 404) {
            if (!status.is2xxSuccessful()) {
                log.warn("Consul agent answered {} when asked for service {}", status.value(), id);
            }
            return false;
        }
        log.info("Consul agent does not know service {} (registry restarted or started after us); registering it", id);
        registry.register(registration);
        return true;
    }

    private RestClient agent() {
        if (agent == null) {
            agent = RestClient.builder()
                    .baseUrl(ConsulAutoConfiguration.createConsulClientBaseUrl(consulProperties.getObject()))
                    .build();
        }
        return agent;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consul-registration-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.checkInterval().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Re-registering with Consul failed, will try again", e);
        }
    }

    @Override
    public void stop() {
        if (task != null) {
            task.cancel(false);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }

    /** Stops before Spring Cloud Consul deregisters on shutdown, so it never registers a leaving service again. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
