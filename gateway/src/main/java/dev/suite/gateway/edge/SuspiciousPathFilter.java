package dev.suite.gateway.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with a 400 {@code invalid-request} problem, request paths that a backend could resolve differently than the gateway: encoded dots,
 * slashes, backslashes or percent signs, dot segments, empty segments and path parameters. The gateway matches routes
 * on the path as received and forwards it unchanged, so without this {@code /api/orders/%2e%2e/%2e%2e/actuator/env}
 * would match the orders route and reach the backend's actuator once the backend decodes it.
 */
public class SuspiciousPathFilter extends OncePerRequestFilter {

    private static final List<String> SUSPICIOUS = List.of("%2e", "%2f", "%5c", "%25", "%00", "\\", ";", "//",
            "/./", "/../");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isSuspicious(request.getRequestURI())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write("""
                    {"type":"urn:suite:problem:invalid-request","title":"Invalid request","status":400,\
                    "detail":"The request path contains encoded or relative segments, which the gateway does not forward.",\
                    "errors":[{"in":"path","rule":"request",\
                    "detail":"contains encoded or relative segments, which the gateway does not forward"}]}\
                    """.getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isSuspicious(String rawPath) {
        String path = rawPath.toLowerCase(Locale.ROOT);
        if (path.endsWith("/.") || path.endsWith("/..")) {
            return true;
        }
        return SUSPICIOUS.stream().anyMatch(path::contains);
    }
}
