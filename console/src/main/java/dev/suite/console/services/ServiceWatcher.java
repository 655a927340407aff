package dev.suite.console.services;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.EventHub;
import tools.jackson.databind.JsonNode;

/**
 * Follows the catalog and every service's health with Consul blocking queries: one watch on
 * {@code /v1/catalog/services}, one per service on {@code /v1/health/service/<name>}, each waiting for the index to
 * move. Publishes the whole picture as a {@code services} event whenever any of it changes.
 */
@Component
public class ServiceWatcher implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ServiceWatcher.class);

    private final ConsulHttp http;
    private final EventHub events;
    private final ConsoleProperties settings;
    private final Map<String, List<ServiceInstance>> instances = new ConcurrentHashMap<>();
    private final Map<String, Thread> serviceWatches = new ConcurrentHashMap<>();
    private volatile String registryError;
    private volatile boolean running;
    private Thread catalogWatch;

    public ServiceWatcher(ConsulHttp http, EventHub events, ConsoleProperties settings) {
        this.http = http;
        this.events = events;
        this.settings = settings;
    }

    /** The instances last seen, by service name. */
    public Map<String, List<ServiceInstance>> instances() {
        return new TreeMap<>(instances);
    }

    public Optional<ServiceInstance> instance(String id) {
        return instances.values().stream().flatMap(List::stream).filter(i -> i.id().equals(id)).findFirst();
    }

    @Override
    public void start() {
        running = true;
        catalogWatch = new Thread(this::watchCatalog, "watch-catalog");
        catalogWatch.setDaemon(true);
        catalogWatch.start();
    }

    private void watchCatalog() {
        long index = 0;
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                ConsulHttp.Answer answer = http.get(settings.registry(), "/v1/catalog/services?index=" + index
                        + "&wait=" + settings.blockingWait().toSeconds() + "s", settings.blockingWait().plusSeconds(10));
                if (!answer.ok()) {
                    throw new IOException("HTTP " + answer.status() + " " + answer.body());
                }
                index = answer.index() < index ? 0 : answer.index();
                backoff = Duration.ofSeconds(1);
                Set<String> names = new java.util.TreeSet<>();
                http.parse(answer.body()).propertyNames().forEach(names::add);
                follow(names);
                if (registryError != null) {
                    registryError = null;
                    publish();
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                registryError = "registry " + settings.registry() + " unreachable: " + e.getMessage();
                publish();
                index = 0;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
            }
        }
    }

    private synchronized void follow(Set<String> names) {
        for (String name : names) {
            if (!serviceWatches.containsKey(name)) {
                // In the map before it runs: a watch stops as soon as it is no longer the one registered for its name.
                Thread thread = new Thread(() -> watchService(name), "watch-service-" + name);
                thread.setDaemon(true);
                serviceWatches.put(name, thread);
                thread.start();
            }
        }
        boolean removed = false;
        for (Iterator<Map.Entry<String, Thread>> it = serviceWatches.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Thread> watch = it.next();
            if (!names.contains(watch.getKey())) {
                watch.getValue().interrupt();
                it.remove();
                instances.remove(watch.getKey());
                removed = true;
            }
        }
        if (removed) {
            publish();
        }
    }

    private void watchService(String name) {
        long index = 0;
        String path = "/v1/health/service/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        while (running && serviceWatches.get(name) == Thread.currentThread()) {
            try {
                ConsulHttp.Answer answer = http.get(settings.registry(), path + "?index=" + index + "&wait="
                        + settings.blockingWait().toSeconds() + "s", settings.blockingWait().plusSeconds(10));
                if (!answer.ok()) {
                    throw new IOException("HTTP " + answer.status());
                }
                index = answer.index() < index ? 0 : answer.index();
                if (serviceWatches.get(name) != Thread.currentThread()) {
                    return;
                }
                instances.put(name, parse(http.parse(answer.body())));
                publish();
            } catch (IOException | RuntimeException e) {
                if (!running || Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.debug("watch of {} failed: {}", name, e.toString());
                index = 0;
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    static List<ServiceInstance> parse(JsonNode entries) {
        List<ServiceInstance> parsed = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode service = entry.path("Service");
            String id = service.path("ID").asText();
            List<ServiceInstance.Check> checks = new ArrayList<>();
            String worst = "passing";
            boolean maintenance = false;
            for (JsonNode check : entry.path("Checks")) {
                String status = check.path("Status").asText();
                checks.add(new ServiceInstance.Check(check.path("CheckID").asText(), check.path("Name").asText(),
                        status, check.path("Output").asText()));
                worst = worse(worst, status);
                maintenance |= check.path("CheckID").asText().equals("_service_maintenance:" + id);
            }
            List<String> tags = new ArrayList<>();
            service.path("Tags").forEach(t -> tags.add(t.asText()));
            Map<String, String> meta = new LinkedHashMap<>();
            service.path("Meta").properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
            String address = service.path("Address").asText();
            if (address.isEmpty()) {
                address = entry.path("Node").path("Address").asText();
            }
            parsed.add(new ServiceInstance(id, service.path("Service").asText(), entry.path("Node").path("Node").asText(),
                    address, service.path("Port").asInt(), tags, meta, meta.get("weight"), worst, maintenance, checks));
        }
        return parsed;
    }

    private static String worse(String a, String b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(String status) {
        return switch (status) {
            case "passing" -> 0;
            case "warning" -> 1;
            default -> 2;
        };
    }

    private void publish() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("registry", settings.registry().toString());
        state.put("error", registryError);
        state.put("services", instances());
        events.publish("services", state);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (catalogWatch != null) {
            catalogWatch.interrupt();
        }
        serviceWatches.values().forEach(Thread::interrupt);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        stop();
    }
}
