package dev.suite.web.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's exception handler, whose own problems (an unknown path, method or media type) get a type of the suite's
 * vocabulary ({@link ProblemTypes#typed}) instead of {@code about:blank}. The services' and the gateway's handlers
 * extend it.
 */
public abstract class TypedProblemHandler extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
            ProblemTypes.typed(problem);
        }
        return answer;
    }
}
