package dev.suite.consensus.web;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.suite.consensus.kv.ConsensusUnavailableException;
import dev.suite.consensus.kv.KvService;

/** Maps the store's refusals to RFC 9457 problem details; every answer carries X-Consul-Index. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final KvService kv;

    ProblemAdvice(KvService kv) {
        this.kv = kv;
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ProblemDetail> refused(BadRequestException e, HttpServletResponse response) {
        return problem(e.status(), e.getMessage(), response);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e, HttpServletResponse response) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), response);
    }

    @ExceptionHandler(ConsensusUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(ConsensusUnavailableException e, HttpServletResponse response) {
        log.debug("Consensus unavailable", e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), response);
    }

    private ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletResponse response) {
        response.setHeader("X-Consul-Index", Long.toString(Math.max(1, kv.view().index(""))));
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
