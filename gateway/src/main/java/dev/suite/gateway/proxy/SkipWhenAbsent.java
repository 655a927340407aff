package dev.suite.gateway.proxy;

import org.springframework.cloud.gateway.server.mvc.filter.ForwardedRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveForwardedRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopResponseHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveXForwardedRequestHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Spring Cloud Gateway's filters that remove headers from every proxied request and response (a client's
 * {@code Forwarded} and {@code X-Forwarded-*} headers, hop-by-hop headers) copy all the other headers into a new map
 * each time, whether or not there is anything to remove; with Spring Framework 7's {@code HttpHeaders} that copy also
 * builds a case-insensitive set of the names first. They were 9 % of the gateway's CPU samples, the
 * {@code X-Forwarded-*} one another 4.6 % (bench/gateway/README.md, runs 8 and 9). These versions look the names up
 * and hand the headers on unchanged (the {@code X-Forwarded-*} one: copied plainly) when none is there, which is
 * nearly always.
 */
final class SkipWhenAbsent {

    private static final String X_FORWARDED = "X-Forwarded-";

    private SkipWhenAbsent() {
    }

    /** The versions below, so that they are not replaced again. */
    interface Marker {
    }

    static final class ForwardedRequestHeaders extends RemoveForwardedRequestHeadersFilter implements Marker {

        @Override
        public HttpHeaders apply(HttpHeaders headers, ServerRequest request) {
            return headers.containsHeader(ForwardedRequestHeadersFilter.FORWARDED_HEADER) ? super.apply(headers, request)
                    : headers;
        }
    }

    /**
     * Used while no trusted proxies are configured: a client's {@code X-Forwarded-*} headers are not passed on. Unlike
     * the others it always hands on a copy, as Spring Cloud Gateway's does: the proxy changes the headers after the
     * filters (it removes {@code Host}), and the request's own are read-only. A plain copy, though, without the
     * per-name filtering through a case-insensitive entry set that cost 4.6 % of the CPU samples.
     */
    static final class XForwardedRequestHeaders extends RemoveXForwardedRequestHeadersFilter implements Marker {

        @Override
        public HttpHeaders apply(HttpHeaders headers, ServerRequest request) {
            HttpHeaders copy = HttpHeaders.copyOf(headers);
            return anyXForwarded(copy) ? super.apply(headers, request) : copy;
        }
    }

    static final class HopByHopRequestHeaders extends RemoveHopByHopRequestHeadersFilter implements Marker {

        @Override
        public HttpHeaders apply(HttpHeaders headers, ServerRequest request) {
            return anyHopByHop(headers) ? super.apply(headers, request) : headers;
        }
    }

    static final class HopByHopResponseHeaders extends RemoveHopByHopResponseHeadersFilter implements Marker {

        @Override
        public HttpHeaders apply(HttpHeaders headers, ServerResponse response) {
            return anyHopByHop(headers) ? super.apply(headers, response) : headers;
        }
    }

    /** The names both hop-by-hop filters remove (the same set for requests and responses). */
    static boolean anyHopByHop(HttpHeaders headers) {
        for (String name : RemoveHopByHopRequestHeadersFilter.HEADERS_REMOVED_ON_REQUEST) {
            if (headers.containsHeader(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a name starts with {@code X-Forwarded-}, in any case: what Spring Cloud Gateway's filter removes. */
    static boolean anyXForwarded(HttpHeaders headers) {
        for (String name : headers.headerNames()) {
            if (name.regionMatches(true, 0, X_FORWARDED, 0, X_FORWARDED.length())) {
                return true;
            }
        }
        return false;
    }
}
