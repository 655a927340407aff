package dev.suite.gateway.edge;

import static dev.suite.web.problem.ProblemTypes.problem;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

import dev.suite.web.problem.ProblemTypes;
import dev.suite.web.problem.TypedProblemHandler;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * Every error the gateway itself answers is an RFC 9457 problem, typed like the services' ({@link ProblemTypes}): 404
 * for paths no route serves (Spring MVC's own exceptions, through {@link TypedProblemHandler}), and for
 * proxied requests that got no answer:
 * 503 when the service has no healthy or reachable instance or its circuit breaker is open, 504 when the instance did
 * not answer in time, 502 when the connection failed otherwise.
 */
@RestControllerAdvice
class GatewayProblemHandler extends TypedProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblemHandler.class);

    /** The circuit breaker filter wraps what it caught in a ResponseStatusException; answer for the cause. */
    @Override
    protected ResponseEntity<Object> handleErrorResponseException(ErrorResponseException failure, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (failure.getCause() == null || !(request instanceof ServletWebRequest servletRequest)) {
            return super.handleErrorResponseException(failure, headers, status, request);
        }
        ProblemDetail problem = describe(failure.getCause(),
                String.valueOf(servletRequest.getRequest().getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR)));
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> upstreamFailed(Exception failure, HttpServletRequest request) {
        String service = String.valueOf(request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR));
        ProblemDetail problem = describe(failure, service);
        if (problem.getStatus() == HttpStatus.BAD_GATEWAY.value()
                || problem.getStatus() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            log.warn("{} {} failed: {}", request.getMethod(), request.getRequestURI(), failure.toString());
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    static ProblemDetail describe(Throwable failure, String service) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallNotPermittedException) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE,
                        service + " is unavailable: its circuit breaker is open after repeated failures.");
            }
            if (cause instanceof HttpServerErrorException serverError
                    && serverError.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE, service + " has no healthy instance.");
            }
            // a connect timeout is a SocketTimeoutException too: test it before the response timeout
            if (cause instanceof ConnectTimeoutException || cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException || cause instanceof ConnectionRequestTimeoutException) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE, service + " has no reachable instance.");
            }
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return problem(HttpStatus.GATEWAY_TIMEOUT, service + " did not answer in time.");
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return problem(HttpStatus.BAD_GATEWAY, service + " closed the connection without an answer.");
            }
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed to handle the request.");
    }
}
