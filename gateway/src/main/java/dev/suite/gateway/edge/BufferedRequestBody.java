package dev.suite.gateway.edge;

import java.io.IOException;

import dev.suite.web.bodylimit.RequestBodyLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request's body whole before it is proxied, as nginx does by default ({@code proxy_request_buffering}). A body
 * the client cuts short, or that goes past {@code suite.web.max-body-size} ({@link RequestBodyLimit}, which runs
 * before this filter), then never reaches an instance: streamed, a chunked body cut off midway was ended by the HTTP
 * client as if it were whole, and the instance took the truncated body for the request. It also fails before a route's
 * circuit breaker could count it against the service, and the body can be sent again when a request is retried on
 * another instance. Bodies are at most 64 KB by default, so holding one costs little.
 */
public class BufferedRequestBody extends OncePerRequestFilter {

    /** Right after the body limit, which wraps the request's stream in a counting one. */
    public static final int ORDER = RequestBodyLimit.ORDER + 1;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() <= 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest buffered;
        try {
            buffered = new ReplayableBodyRequest(request);
        } catch (RequestBodyLimit.TooLarge tooLarge) {
            RequestBodyLimit.refuse(response, tooLarge.maxBytes());
            return;
        }
        chain.doFilter(buffered, response);
    }
}
