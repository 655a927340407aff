package dev.suite.registry.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.suite.registry.RegistryProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * When {@code registry.acl-token} is set, a write ({@code PUT}, {@code POST}, {@code DELETE}) under
 * {@code /v1/} needs that token, from wherever Consul accepts it: {@code X-Consul-Token},
 * {@code Authorization: Bearer}, or {@code ?token=}. Otherwise 403 with Consul's text; reads stay open.
 */
class AclTokenCheck implements HandlerInterceptor {

    private final byte[] expected;

    AclTokenCheck(RegistryProperties properties) {
        this.expected = properties.aclToken() == null ? null : properties.aclToken().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws java.io.IOException {
        if (expected == null || expected.length == 0 || isRead(request.getMethod())) {
            return true;
        }
        String token = presentedToken(request);
        if (token != null && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Permission denied");
        return false;
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    private static String presentedToken(HttpServletRequest request) {
        String header = request.getHeader("X-Consul-Token");
        if (header != null && !header.isEmpty()) {
            return header;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return request.getParameter("token");
    }
}
