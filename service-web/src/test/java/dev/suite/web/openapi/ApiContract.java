package dev.suite.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's public API as its own OpenAPI document describes it: real requests over loopback, each request and
 * answer checked against the document (Atlassian's openapi-request-validator), so a test fails when a service answers
 * something its document does not promise: an undocumented status, a body of another shape, a missing header.
 */
public final class ApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final JsonNode document;
    private final OpenApiInteractionValidator validator;

    /** A service on this machine, with its own document at {@code /v3/api-docs}. */
    public ApiContract(int port) {
        this("http://127.0.0.1:" + port, "/v3/api-docs");
    }

    /**
     * The API at {@code base} (a service, or the gateway of a running suite), described by the document at
     * {@code documentPath} there ({@code /v3/api-docs/orders} on the gateway).
     */
    public ApiContract(String base, String documentPath) {
        this.base = base.replaceAll("/+$", "");
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(this.base + documentPath)).GET().build());
        assertThat(answer.statusCode()).as("GET %s%s", this.base, documentPath).isEqualTo(200);
        this.document = JSON.readTree(answer.body());
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(answer.body()).build();
    }

    /** The service's OpenAPI document. */
    public JsonNode document() {
        return document;
    }

    /**
     * Sends the request and returns the answer after checking both against the document.
     *
     * @param headers name, value, name, value, ...
     */
    public Answer call(String method, String pathAndQuery, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        SimpleRequest.Builder expected = new SimpleRequest.Builder(Request.Method.valueOf(method), pathOf(pathAndQuery));
        if (json != null) {
            request.header("Content-Type", "application/json");
            expected.withContentType("application/json").withBody(json);
        }
        request.header("Accept", "application/json, application/problem+json");
        expected.withAccept("application/json", "application/problem+json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            expected.withHeader(headers[i], headers[i + 1]);
        }
        queryOf(pathAndQuery, expected);
        HttpResponse<String> response = send(request.build());
        SimpleResponse.Builder answered = new SimpleResponse.Builder(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> answered.withHeader(name, values));
        Answer answer = new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                parsed(response.body()),
                validator.validate(expected.build(), answered.build()));
        return answer;
    }

    /** The operation of the document answers each of these statuses with an {@code application/problem+json} body. */
    public static void assertProblemAnswers(JsonNode operation, String... statuses) {
        for (String status : statuses) {
            JsonNode response = operation.get("responses").get(status);
            assertThat(response).as(status).isNotNull();
            assertThat(response.get("content").propertyNames()).as(status).containsExactly("application/problem+json");
        }
    }

    /** What the document finds wrong with an answer made up by the caller: proves the checks can fail. */
    public String responseErrors(String method, String path, int status, String contentType, String body) {
        SimpleResponse response = new SimpleResponse.Builder(status).withContentType(contentType).withBody(body).build();
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), response);
        return new Answer(status, contentType, JSON.missingNode(), report).responseErrors();
    }

    /** The answer's JSON; a body that is not JSON is a missing node, and the document's check says what is wrong. */
    private static JsonNode parsed(String body) {
        try {
            return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        } catch (JacksonException notJson) {
            return JSON.missingNode();
        }
    }

    private static String pathOf(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    private static void queryOf(String pathAndQuery, SimpleRequest.Builder request) {
        int query = pathAndQuery.indexOf('?');
        if (query < 0) {
            return;
        }
        for (String pair : pathAndQuery.substring(query + 1).split("&")) {
            String[] nameValue = pair.split("=", 2);
            request.withQueryParam(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer and what the document says of the exchange. */
    public record Answer(int status, String contentType, JsonNode body, ValidationReport report) {

        /** Neither the answer nor, unless it was refused as invalid, the request breaks the document. */
        public Answer matchesTheDocument() {
            assertThat(responseErrors()).as("answer %s %s against the document", status, body).isEmpty();
            return this;
        }

        /** What the answer does differently from the document (the request may break it on purpose). */
        public String responseErrors() {
            return report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .filter(message -> message.getKey().startsWith("validation.response"))
                    .map(message -> message.getKey() + ": " + message.getMessage())
                    .collect(Collectors.joining("\n"));
        }

        /** What the request does differently from the document. */
        public String requestErrors() {
            return report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .filter(message -> message.getKey().startsWith("validation.request"))
                    .map(message -> message.getKey() + ": " + message.getMessage())
                    .collect(Collectors.joining("\n"));
        }
    }
}
