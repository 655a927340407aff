package dev.suite.console.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Write endpoints answer only the console's own pages: a browser marks a request from another site with
 * {@code Sec-Fetch-Site: cross-site} and an {@code Origin} that is not this host. Requests without either header
 * (curl, scripts) carry no ambient credentials a forged page could abuse, so they pass.
 */
class CrossSiteGuard implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                || "OPTIONS".equals(request.getMethod())) {
            return true;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new BadRequestException(HttpStatus.FORBIDDEN, "cross-site request refused (Sec-Fetch-Site: " + site + ")");
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            throw new BadRequestException(HttpStatus.FORBIDDEN, "cross-site request refused (Origin: " + origin + ")");
        }
        return true;
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && (host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(uri.getHost()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
