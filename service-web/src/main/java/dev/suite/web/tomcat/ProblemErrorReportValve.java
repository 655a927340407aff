package dev.suite.web.tomcat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import dev.suite.web.problem.ProblemTypes;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * What Tomcat answers itself, before Spring MVC sees the request (a request URI with an encoded NUL or an invalid
 * escape, for example), as an RFC 9457 problem instead of Tomcat's HTML error page: found by fuzzing the public API.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = "The server could not process the request as sent";
        String errors = status == 400
                ? ",\"errors\":[{\"rule\":\"request\",\"detail\":\"is not a valid HTTP request (its URI or headers are malformed)\"}]"
                : "";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"" + ProblemTypes.PREFIX + ProblemTypes.ofStatus(status) + "\",\"title\":\""
                        + ProblemTypes.titleOf(status) + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"" + errors + "}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to say
        }
    }
}
