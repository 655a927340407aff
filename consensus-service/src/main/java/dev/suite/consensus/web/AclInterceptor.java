package dev.suite.consensus.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The optional ACL token: with one configured, every write and every read that is not
 * {@code ?stale} needs it, in {@code X-Consul-Token}, {@code Authorization: Bearer} or {@code ?token=}.
 * An interceptor for the MVC endpoints; the KV servlet calls {@link #check} itself.
 */
public final class AclInterceptor implements HandlerInterceptor {

    private final byte[] token;

    AclInterceptor(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        check(request);
        return true;
    }

    /** @throws BadRequestException 403 when the request needs the token and does not carry it */
    public void check(HttpServletRequest request) {
        boolean staleRead = "GET".equals(request.getMethod()) && request.getParameter("stale") != null;
        if (staleRead) {
            return;
        }
        String presented = presentedToken(request);
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new BadRequestException(HttpStatus.FORBIDDEN, "ACL not found: a valid X-Consul-Token is required");
        }
    }

    private static String presentedToken(HttpServletRequest request) {
        String header = request.getHeader("X-Consul-Token");
        if (header != null) {
            return header;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            return authorization.substring("Bearer ".length());
        }
        return request.getParameter("token");
    }
}
