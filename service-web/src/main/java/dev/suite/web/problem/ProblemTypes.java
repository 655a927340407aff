package dev.suite.web.problem;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * How the suite names its problems: {@code urn:suite:problem:<name>}. A domain problem has its own name
 * ({@code order-not-found}); an answer that is only its HTTP status has the status's name in kebab case
 * ({@code not-found}, {@code method-not-allowed}, {@code service-unavailable}); every 400 is {@code invalid-request}.
 * Shared by the services and the gateway (which depends on nothing else of this module's web layer), so that a
 * client reads one vocabulary whoever answered.
 */
public final class ProblemTypes {

    public static final String PREFIX = "urn:suite:problem:";
    public static final String INVALID_REQUEST = "invalid-request";

    private ProblemTypes() {
    }

    /** A problem of type {@code urn:suite:problem:<type>}. */
    public static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PREFIX + type));
        problem.setTitle(title);
        return problem;
    }

    /** A problem whose type is named after its status: {@code 503} is {@code service-unavailable}. */
    public static ProblemDetail problem(HttpStatusCode status, String detail) {
        return problem(status, ofStatus(status.value()), titleOf(status.value()), detail);
    }

    /** The type name of an answer that is only its status: {@code invalid-request} for 400, else the status's name. */
    public static String ofStatus(int status) {
        if (status == HttpStatus.BAD_REQUEST.value()) {
            return INVALID_REQUEST;
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "http-" + status : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The title of an answer that is only its status: {@code Invalid request} for 400, else the reason phrase. */
    public static String titleOf(int status) {
        if (status == HttpStatus.BAD_REQUEST.value()) {
            return "Invalid request";
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    /**
     * Gives a problem that has no type yet ({@code about:blank}, as Spring MVC makes them for an unknown path or
     * method) the type of its status; a 400 also gets the {@code errors} every {@code invalid-request} lists.
     */
    public static ProblemDetail typed(ProblemDetail problem) {
        if (problem.getType() != null && !"about:blank".equals(problem.getType().toString())) {
            return problem;
        }
        problem.setType(URI.create(PREFIX + ofStatus(problem.getStatus())));
        if (problem.getStatus() == HttpStatus.BAD_REQUEST.value()) {
            problem.setTitle(titleOf(problem.getStatus()));
            if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
                problem.setProperty("errors", List.of(new InvalidField(null, null, "request",
                        problem.getDetail() == null ? "is not a valid request" : problem.getDetail())));
            }
        }
        return problem;
    }
}
