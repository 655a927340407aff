package dev.suite.consensus.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.suite.consensus.kv.ConsensusUnavailableException;
import dev.suite.consensus.kv.KvService;
import dev.suite.consensus.kv.KvServlet;

/**
 * Maps the store's refusals on the MVC endpoints (status, operator) to RFC 9457 problem details;
 * every answer carries X-Consul-Index. The KV servlet answers its own, with the same {@link Problems}.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private final KvService kv;

    ProblemAdvice(KvService kv) {
        this.kv = kv;
    }

    @ExceptionHandler({BadRequestException.class, IllegalArgumentException.class, ConsensusUnavailableException.class})
    ResponseEntity<ProblemDetail> problem(RuntimeException e, HttpServletResponse response) {
        ProblemDetail problem = Problems.of(e);
        response.setHeader(KvServlet.INDEX_HEADER, KvServlet.consulIndex(kv.view().index("")));
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
