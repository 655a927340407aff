package dev.suite.gateway.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The gateway's HTTP client: one JDK {@link HttpClient} (HTTP/1.1 with keep-alive, no redirects, a connect timeout),
 * with the wait for response headers taken per request from the route's {@code ResponseTimeout} filter, or the
 * default. The gateway proxies on the servlet request's thread, so the route's limit is found through
 * {@link RequestContextHolder}.
 */
public class RouteTimeoutRequestFactory implements ClientHttpRequestFactory {

    private final HttpClient httpClient;

    private final Duration defaultResponseTimeout;

    private final Map<Duration, JdkClientHttpRequestFactory> factoriesByTimeout = new ConcurrentHashMap<>();

    public RouteTimeoutRequestFactory(Duration connectTimeout, Duration defaultResponseTimeout) {
        // HTTP/1.1 explicitly: the JDK client's default, HTTP/2, sends an h2c upgrade header on every request
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.defaultResponseTimeout = defaultResponseTimeout;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
        return factoriesByTimeout.computeIfAbsent(responseTimeout(), this::factory).createRequest(uri, httpMethod);
    }

    private Duration responseTimeout() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object routeTimeout = attributes == null ? null
                : attributes.getAttribute(ResilienceFilterFunctions.RESPONSE_TIMEOUT_ATTRIBUTE,
                        RequestAttributes.SCOPE_REQUEST);
        return routeTimeout instanceof Duration duration ? duration : defaultResponseTimeout;
    }

    private JdkClientHttpRequestFactory factory(Duration responseTimeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(httpClient);
        factory.setReadTimeout(responseTimeout);
        return factory;
    }
}
