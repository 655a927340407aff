package dev.suite.registry.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Refuses, with Consul's 400 and a sentence, API paths that Tomcat and Spring would otherwise rewrite before mapping
 * them: dot segments ({@code deregister/x/../web-1} resolved to {@code deregister/web-1}), {@code ;} parameters
 * ({@code deregister/web-1;x=1} mapped to {@code web-1}) and empty segments ({@code //}). Consul takes the ID as sent
 * (and its HTTP server redirects unclean paths), so such a request never changed the instance it seemed to name;
 * here it changed the real one. {@code /v1/kv/} paths are forwarded as sent, and the KV store judges its keys.
 */
@Component
class PathAsSent extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.startsWith("/v1/") || uri.startsWith("/v1/kv/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problemWith(request.getRequestURI());
        if (problem != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Invalid path: " + problem);
            return;
        }
        chain.doFilter(request, response);
    }

    /** @return why the raw path is refused, or null when Spring maps it as sent */
    static String problemWith(String rawPath) {
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String raw = segments[i];
            if (raw.indexOf(';') >= 0) {
                return "';' parameters are not accepted in the path (send %3B for a ';' that belongs to an ID)";
            }
            String decoded;
            try {
                decoded = UriUtils.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "invalid percent-encoding";
            }
            if (decoded.equals(".") || decoded.equals("..")) {
                return "dot segments ('.', '..') are not resolved";
            }
            if (decoded.isEmpty() && i < segments.length - 1) {
                return "empty path segments ('//') are not accepted";
            }
        }
        return null;
    }
}
