package dev.suite.registry.checks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.suite.registry.RegistryProperties;
import dev.suite.registry.catalog.Catalog;
import dev.suite.registry.catalog.CheckDefinition;
import dev.suite.registry.catalog.CheckLifecycleListener;
import dev.suite.registry.catalog.CheckStatus;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs HTTP and TCP probes at each check's interval, expires TTL checks, and removes instances critical for
 * longer than their {@code DeregisterCriticalServiceAfter}. The first probe runs right after registration
 * (Consul staggers it within the interval; sooner is within its promise and makes new instances usable
 * at once).
 */
@Component
public class CheckRunner implements CheckLifecycleListener {

    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);
    private static final int MAX_OUTPUT = 4096;

    private final Catalog catalog;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService probeThreads;
    private final HttpClient http;
    private volatile HttpClient insecureHttp;
    private final Map<String, ScheduledProbe> probes = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> ttlTimers = new ConcurrentHashMap<>();

    public CheckRunner(Catalog catalog, RegistryProperties properties) {
        this.catalog = catalog;
        this.scheduler = Executors.newScheduledThreadPool(1, named("check-scheduler"));
        this.probeThreads = Executors.newFixedThreadPool(4, named("check-probe"));
        this.http = httpClient(null);
        Duration reap = properties.checks().reapInterval();
        scheduler.scheduleWithFixedDelay(this::reap, reap.toMillis(), reap.toMillis(), TimeUnit.MILLISECONDS);
        catalog.addCheckListener(this);
    }

    @Override
    public void checkAdded(CheckDefinition check) {
        if (check.probe() instanceof CheckDefinition.Http httpProbe) {
            start(check, httpProbe.interval());
        } else if (check.probe() instanceof CheckDefinition.Tcp tcpProbe) {
            start(check, tcpProbe.interval());
        } else if (check.probe() instanceof CheckDefinition.Ttl ttl) {
            armTtl(check, ttl);
        }
    }

    @Override
    public void checkRemoved(CheckDefinition check) {
        ScheduledProbe probe = probes.get(check.id());
        if (probe != null && probe.definition.equals(check)) {
            probes.remove(check.id(), probe);
            probe.cancel();
        }
        ScheduledFuture<?> timer = ttlTimers.remove(check.id());
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void ttlReported(CheckDefinition check) {
        if (check.probe() instanceof CheckDefinition.Ttl ttl) {
            armTtl(check, ttl);
        }
    }

    private void armTtl(CheckDefinition check, CheckDefinition.Ttl ttl) {
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> catalog.updateCheck(check.id(), CheckStatus.CRITICAL, "TTL expired"),
                ttl.ttl().toNanos(), TimeUnit.NANOSECONDS);
        ScheduledFuture<?> previous = ttlTimers.put(check.id(), timer);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void start(CheckDefinition check, Duration interval) {
        ScheduledProbe probe = new ScheduledProbe(check, interval);
        ScheduledProbe previous = probes.put(check.id(), probe);
        if (previous != null) {
            previous.cancel();
        }
        probe.scheduleIn(Duration.ZERO);
    }

    private void reap() {
        try {
            for (String serviceId : catalog.reapCriticalServices()) {
                log.info("Deregistered {}: critical for longer than its DeregisterCriticalServiceAfter", serviceId);
            }
        } catch (RuntimeException e) {
            log.warn("Reaping critical services failed", e);
        }
    }

    /** One check's probe loop: the next probe is scheduled when the previous one has finished, so they never overlap. */
    private final class ScheduledProbe {
        private final CheckDefinition definition;
        private final Duration interval;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        ScheduledProbe(CheckDefinition definition, Duration interval) {
            this.definition = definition;
            this.interval = interval;
        }

        void scheduleIn(Duration delay) {
            if (!cancelled && !scheduler.isShutdown()) {
                next = scheduler.schedule(this::probe, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> pending = next;
            if (pending != null) {
                pending.cancel(false);
            }
        }

        private void probe() {
            if (cancelled) {
                return;
            }
            if (definition.probe() instanceof CheckDefinition.Http httpProbe) {
                probeHttp(httpProbe);
            } else if (definition.probe() instanceof CheckDefinition.Tcp tcpProbe) {
                probeThreads.execute(() -> report(probeTcp(tcpProbe)));
            }
        }

        private void probeHttp(CheckDefinition.Http probe) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(probe.url()))
                    .timeout(probe.timeout())
                    .method(probe.method(), probe.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(probe.body()));
            probe.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
            if (!probe.headers().containsKey("User-Agent")) {
                request.header("User-Agent", "Consul Health Check");
            }
            String what = "HTTP " + probe.method() + " " + probe.url();
            HttpClient client = probe.tlsSkipVerify() ? insecureHttp() : http;
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .orTimeout(probe.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                            report(new Outcome(CheckStatus.CRITICAL, what + ": " + cause));
                            return;
                        }
                        int code = response.statusCode();
                        CheckStatus status = code >= 200 && code < 300 ? CheckStatus.PASSING
                                : code == 429 ? CheckStatus.WARNING : CheckStatus.CRITICAL;
                        String body = new String(response.body(), 0, Math.min(response.body().length, MAX_OUTPUT),
                                StandardCharsets.UTF_8);
                        report(new Outcome(status, what + ": " + code + " Output: " + body));
                    });
        }

        private Outcome probeTcp(CheckDefinition.Tcp probe) {
            int colon = probe.address().lastIndexOf(':');
            String host = probe.address().substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(probe.address().substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) probe.timeout().toMillis());
                return new Outcome(CheckStatus.PASSING, "TCP connect " + probe.address() + ": Success");
            } catch (IOException | IllegalArgumentException e) {
                return new Outcome(CheckStatus.CRITICAL, "dial tcp " + probe.address() + ": " + e.getMessage());
            }
        }

        private void report(Outcome outcome) {
            if (cancelled) {
                return;
            }
            catalog.updateCheck(definition.id(), outcome.status(), outcome.output());
            scheduleIn(interval);
        }
    }

    private record Outcome(CheckStatus status, String output) {
    }

    private HttpClient insecureHttp() {
        if (insecureHttp == null) {
            try {
                SSLContext trustAll = SSLContext.getInstance("TLS");
                trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    }

                    public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    }

                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }}, new SecureRandom());
                insecureHttp = httpClient(trustAll);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return insecureHttp;
    }

    private HttpClient httpClient(SSLContext ssl) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(probeThreads);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        return builder.build();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @PreDestroy
    void stop() {
        probes.values().forEach(ScheduledProbe::cancel);
        scheduler.shutdownNow();
        probeThreads.shutdownNow();
    }
}
