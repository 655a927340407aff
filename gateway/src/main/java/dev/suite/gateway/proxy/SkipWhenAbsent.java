package dev.suite.gateway.proxy;

import org.springframework.cloud.gateway.server.mvc.filter.ForwardedRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveForwardedRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopResponseHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Spring Cloud Gateway's filters that remove headers from every proxied request and response (a client's
 * {@code Forwarded} header, hop-by-hop headers) copy all the other headers into a new map each time, whether or not
 * there is anything to remove; with Spring Framework 7's {@code HttpHeaders} that copy also builds a case-insensitive
 * set of the names first. They were 9 % of the gateway's CPU samples (bench/gateway/README.md). These versions look
 * the few names up and hand the headers on unchanged when none is there, which is nearly always.
 */
final class SkipWhenAbsent {

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
}
