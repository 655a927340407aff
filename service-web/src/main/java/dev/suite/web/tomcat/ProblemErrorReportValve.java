package dev.suite.web.tomcat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

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
        HttpStatus known = HttpStatus.resolve(status);
        String type = status == 400 ? "invalid-request"
                : known == null ? "http-" + status : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String title = status == 400 ? "Invalid request" : known == null ? "Error" : known.getReasonPhrase();
        String detail = "The server could not process the request as sent";
        String errors = status == 400
                ? ",\"errors\":[{\"rule\":\"request\",\"detail\":\"is not a valid HTTP request (its URI or headers are malformed)\"}]"
                : "";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:suite:problem:" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"" + errors + "}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to say
        }
    }
}
