package dev.suite.gateway.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Route filters for YAML routes ({@code spring.cloud.gateway.server.webmvc.routes[].filters}), found by the gateway
 * through {@link ResilienceConfiguration}'s filter supplier:
 * <ul>
 * <li>{@code RetryOnAnotherInstance} ({@code retries}): sends an idempotent request again, to another instance, when
 * the first could not be reached or answered 503.</li>
 * <li>{@code ResponseTimeout} ({@code timeout}, e.g. {@code 5s}): how long this route waits for response headers.</li>
 * </ul>
 * Declare them after {@code CircuitBreaker} so the breaker sees only what the retry could not save.
 */
public final class ResilienceFilterFunctions {

    /** Request header by which a client makes a POST safe to repeat (the backend deduplicates on it). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static final String RESPONSE_TIMEOUT_ATTRIBUTE = ResilienceFilterFunctions.class.getName() + ".responseTimeout";

    private static final Log log = LogFactory.getLog(ResilienceFilterFunctions.class);

    private static final Set<HttpMethod> IDEMPOTENT_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private ResilienceFilterFunctions() {
    }

    /**
     * Retries an idempotent request (GET, HEAD, OPTIONS, PUT, DELETE, or any request with an {@code Idempotency-Key})
     * at most {@code retries} times when the instance could not be reached (connection refused or reset, or closed
     * before answering) or answered 503. Each attempt goes through the load balancer again, which skips instances this
     * request already tried. Timeouts are not retried: a slow service would only get twice the load. A body can be
     * sent again because the gateway holds it in memory (BufferedRequestBody).
     */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> retryOnAnotherInstance(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + retries);
        }
        return (request, next) -> {
            if (retries == 0 || !isIdempotent(request)) {
                return next.handle(request);
            }
            for (int retry = 0;; retry++) {
                boolean lastAttempt = retry == retries;
                try {
                    ServerResponse response = next.handle(request);
                    if (lastAttempt || response.statusCode().value() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
                        return response;
                    }
                    log.debug("Retrying " + request.method() + " " + request.path() + " after a 503");
                    discardResponse(request);
                }
                catch (RuntimeException failure) {
                    if (lastAttempt || !isUnreachable(failure)) {
                        throw failure;
                    }
                    log.debug("Retrying " + request.method() + " " + request.path() + " after " + failure);
                }
            }
        };
    }

    /** Gives this route its own limit on the wait for response headers, instead of the client-wide default. */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> responseTimeout(String timeout) {
        Duration limit = DurationStyle.detectAndParse(timeout);
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return (request, next) -> {
            request.attributes().put(RESPONSE_TIMEOUT_ATTRIBUTE, limit);
            return next.handle(request);
        };
    }

    static boolean isIdempotent(ServerRequest request) {
        return IDEMPOTENT_METHODS.contains(request.method()) || request.headers().firstHeader(IDEMPOTENCY_KEY) != null;
    }

    /** The request never reached a live instance, or the connection died before any answer: safe to send again. */
    static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // connect timeouts are socket timeouts too, and must be told apart from a response timeout first
            if (cause instanceof ConnectTimeoutException || cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException || cause instanceof ConnectionRequestTimeoutException) {
                return true;
            }
            if (cause instanceof SocketTimeoutException) {
                return false;
            }
            if (cause instanceof IOException && !(cause.getCause() instanceof IOException)) {
                // connection reset or closed by a dying instance before response headers
                return true;
            }
        }
        return false;
    }

    private static void discardResponse(ServerRequest request) {
        ClientHttpResponse response = MvcUtils.getAttribute(request, MvcUtils.CLIENT_RESPONSE_ATTR);
        if (response != null) {
            response.close();
            MvcUtils.putAttribute(request, MvcUtils.CLIENT_RESPONSE_ATTR, null);
        }
    }
}
