package dev.suite.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(classes = ProblemTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "suite.web.max-body-size=1KB")
class InvalidRequestProblemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Test
    void namesEachInvalidBodyFieldWithItsRule() throws Exception {
        Answer answer = post("/baskets", "{\"items\":[{\"sku\":\"A-1\",\"quantity\":-1},{\"sku\":\"bad\",\"quantity\":2000000}]}");

        answer.assertInvalidRequest();
        assertThat(answer.error("items[0].quantity").get("rule").asString()).isEqualTo("positive");
        assertThat(answer.error("items[0].quantity").get("in").asString()).isEqualTo("body");
        assertThat(answer.error("items[1].quantity").get("rule").asString()).isEqualTo("max");
        assertThat(answer.error("items[1].sku").get("rule").asString()).isEqualTo("pattern");
        assertThat(answer.body.get("errors").size()).isEqualTo(3);
        assertThat(answer.body.get("detail").asString()).contains("items[0].quantity: must be greater than 0");
    }

    @Test
    void namesAnEmptyListAndAMissingField() throws Exception {
        assertThat(post("/baskets", "{\"items\":[]}").assertInvalidRequest().error("items").get("rule").asString())
                .isEqualTo("not-empty");
        assertThat(post("/baskets", "{}").error("items").get("rule").asString()).isEqualTo("not-empty");
        assertThat(post("/baskets", "{\"items\":[{\"sku\":\"A-1\"}]}").error("items[0].quantity").get("rule").asString())
                .isEqualTo("not-null");
        assertThat(post("/baskets", "{\"items\":[null]}").error("items[0]").get("rule").asString()).isEqualTo("not-null");
    }

    @Test
    void namesBodyFieldsPathVariablesAndHeadersValidatedTogether() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/keyed-baskets/not-a-sku"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "has space")
                .POST(BodyPublishers.ofString("{\"items\":[{\"sku\":\"A-1\",\"quantity\":0}]}")).build();

        Answer answer = send(request).assertInvalidRequest();

        assertThat(answer.error("sku").get("in").asString()).isEqualTo("path");
        assertThat(answer.error("sku").get("rule").asString()).isEqualTo("pattern");
        assertThat(answer.error("Idempotency-Key").get("in").asString()).isEqualTo("header");
        assertThat(answer.error("items[0].quantity").get("rule").asString()).isEqualTo("positive");
    }

    @Test
    void namesAFieldOfTheWrongJsonType() throws Exception {
        Answer answer = post("/baskets", "{\"items\":[{\"sku\":\"A-1\",\"quantity\":\"two\"}]}").assertInvalidRequest();

        assertThat(answer.error("items[0].quantity").get("rule").asString()).isEqualTo("type");
        assertThat(answer.error("items[0].quantity").get("detail").asString()).isEqualTo("must be an integer");
    }

    @Test
    void refusesMalformedJsonAndAMissingBody() throws Exception {
        JsonNode malformed = post("/baskets", "{\"items\":[").assertInvalidRequest().body.get("errors").get(0);
        assertThat(malformed.get("rule").asString()).isEqualTo("json");
        assertThat(malformed.get("in").asString()).isEqualTo("body");
        assertThat(malformed.has("field")).isFalse();

        JsonNode missing = post("/baskets", "").assertInvalidRequest().body.get("errors").get(0);
        assertThat(missing.get("rule").asString()).isEqualTo("required");
    }

    @Test
    void refusesABodyOverTheLimitWithoutReadingIt() throws Exception {
        Answer answer = post("/baskets", "{\"items\":[],\"pad\":\"" + "x".repeat(2_000) + "\"}");

        answer.assertInvalidRequest();
        assertThat(answer.body.get("detail").asString()).contains("larger than");
    }

    @Test
    void namesInvalidAndMistypedQueryParameters() throws Exception {
        assertThat(get("/lines?limit=0").assertInvalidRequest().error("limit").get("rule").asString()).isEqualTo("min");
        assertThat(get("/lines?limit=many").assertInvalidRequest().error("limit").get("rule").asString()).isEqualTo("type");
        Answer colour = get("/lines?colour=BLUE").assertInvalidRequest();
        assertThat(colour.error("colour").get("in").asString()).isEqualTo("query");
        assertThat(colour.error("colour").get("detail").asString()).contains("RED", "GREEN");
        assertThat(get("/required").assertInvalidRequest().error("name").get("rule").asString()).isEqualTo("required");
        assertThat(get("/lines?limit=5&colour=RED").status).isEqualTo(200);
    }

    @Test
    void givesSpringsOwnRefusalsAProblemType() throws Exception {
        Answer unknownPath = get("/no-such-thing");
        assertThat(unknownPath.status).isEqualTo(404);
        assertThat(unknownPath.body.get("type").asString()).isEqualTo("urn:suite:problem:not-found");

        Answer wrongMethod = send(HttpRequest.newBuilder(uri("/baskets")).DELETE().build());
        assertThat(wrongMethod.status).isEqualTo(405);
        assertThat(wrongMethod.body.get("type").asString()).isEqualTo("urn:suite:problem:method-not-allowed");

        Answer wrongMediaType = send(HttpRequest.newBuilder(uri("/baskets")).header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("hello")).build());
        assertThat(wrongMediaType.status).isEqualTo(415);
        assertThat(wrongMediaType.body.get("type").asString()).isEqualTo("urn:suite:problem:unsupported-media-type");
    }

    @Test
    void answersARequestTomcatRefusesItselfWithAProblem() throws Exception {
        Answer refused = get("/lines/%00");

        refused.assertInvalidRequest();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private Answer post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        var response = client.send(request, BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body()));
    }

    private record Answer(int status, String contentType, JsonNode body) {

        Answer assertInvalidRequest() {
            assertThat(status).as(body.toString()).isEqualTo(400);
            assertThat(contentType).startsWith("application/problem+json");
            assertThat(body.get("type").asString()).isEqualTo("urn:suite:problem:invalid-request");
            assertThat(body.get("title").asString()).isEqualTo("Invalid request");
            assertThat(body.get("errors").isArray()).isTrue();
            return this;
        }

        JsonNode error(String field) {
            for (JsonNode error : body.get("errors")) {
                if (error.has("field") && error.get("field").asString().equals(field)) {
                    return error;
                }
            }
            throw new AssertionError("no error for " + field + " in " + body);
        }
    }
}
