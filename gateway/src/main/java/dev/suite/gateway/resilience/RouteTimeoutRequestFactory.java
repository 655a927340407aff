package dev.suite.gateway.resilience;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The gateway's HTTP client: Apache HttpClient 5 (classic, blocking) with a pool of keep-alive connections per
 * instance, no redirects, no cookies, no transparent decompression and no retries of its own (the
 * {@code RetryOnAnotherInstance} filter decides what is retried). The wait for the instance's answer is taken per
 * request from the route's {@code ResponseTimeout} filter, or the default. The gateway proxies on the servlet request's
 * thread, so the route's limit is found through {@link RequestContextHolder}.
 * <p>
 * Why not the JDK {@code HttpClient} (Spring's default when nothing else is on the class path): its blocking
 * {@code send} hands every request to its selector thread and executor threads and back (17-22 context switches per
 * proxied request, measured, against 4-7 with this client, which does its I/O on the request's own virtual thread),
 * and Spring's read-timeout handling on top of it throws a {@code CancellationException} per request. See
 * bench/gateway/README.md for the CPU per request of both.
 */
public class RouteTimeoutRequestFactory implements ClientHttpRequestFactory, DisposableBean {

    /** Connections idle this long are checked before reuse, so one the instance closed meanwhile is not used. */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

    /** Closed in the background when idle this long, well before backends close idle keep-alive connections. */
    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(10);

    private final CloseableHttpClient httpClient;

    private final HttpComponentsClientHttpRequestFactory requestFactory;

    private final Duration connectTimeout;

    private final Duration defaultResponseTimeout;

    private final Map<Duration, RequestConfig> configsByResponseTimeout = new ConcurrentHashMap<>();

    public RouteTimeoutRequestFactory(ResilienceProperties properties) {
        this.connectTimeout = properties.connectTimeout();
        this.defaultResponseTimeout = properties.defaultResponseTimeout();
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                // one lock per instance rather than one for the whole pool; the total is bounded per instance
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnPerRoute(properties.maxConnectionsPerInstance())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .build();
        this.httpClient = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                // a proxy passes bodies and Content-Encoding through as they are
                .disableContentCompression()
                .disableAutomaticRetries()
                .evictIdleConnections(MAX_IDLE)
                .build();
        this.requestFactory = new HttpComponentsClientHttpRequestFactory(httpClient);
        this.requestFactory.setHttpContextFactory(this::contextFor);
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
        return requestFactory.createRequest(uri, httpMethod);
    }

    /** The underlying client, for tests and diagnostics. */
    HttpClient httpClient() {
        return httpClient;
    }

    @Override
    public void destroy() throws IOException {
        httpClient.close();
    }

    private HttpContext contextFor(HttpMethod method, URI uri) {
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(configsByResponseTimeout.computeIfAbsent(responseTimeout(), this::requestConfig));
        return context;
    }

    private Duration responseTimeout() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object routeTimeout = attributes == null ? null
                : attributes.getAttribute(ResilienceFilterFunctions.RESPONSE_TIMEOUT_ATTRIBUTE,
                        RequestAttributes.SCOPE_REQUEST);
        return routeTimeout instanceof Duration duration ? duration : defaultResponseTimeout;
    }

    private RequestConfig requestConfig(Duration responseTimeout) {
        return RequestConfig.custom()
                // waiting for a free pooled connection to an instance counts as connecting to it
                .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(responseTimeout))
                .setRedirectsEnabled(false)
                .build();
    }
}
