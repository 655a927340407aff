package dev.suite.consensus.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.suite.consensus.kv.ConsensusUnavailableException;

/** Which exceptions become which RFC 9457 problem, for the MVC endpoints and the KV servlet alike. */
public final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** @return the problem for a refusal or an unavailable cluster, or null for any other exception */
    public static ProblemDetail of(RuntimeException e) {
        if (e instanceof BadRequestException refused) {
            return ProblemDetail.forStatusAndDetail(refused.status(), e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (e instanceof ConsensusUnavailableException) {
            log.debug("Consensus unavailable", e);
            return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return null;
    }
}
