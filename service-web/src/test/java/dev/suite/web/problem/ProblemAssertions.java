package dev.suite.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** For the services' tests: what every refused input must look like. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** A 400 {@code invalid-request} problem whose {@code errors} name this field, where it is, and the rule it breaks. */
    public static void assertInvalidRequest(int status, String contentType, JsonNode body, String field, String in,
            String rule) {
        assertThat(status).as(body.toString()).isEqualTo(400);
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(body.get("type").asString()).isEqualTo("urn:suite:problem:invalid-request");
        assertThat(body.get("errors").findValuesAsString("field")).as(body.toString()).contains(field);
        for (JsonNode error : body.get("errors")) {
            if (field.equals(error.path("field").asString())) {
                assertThat(error.get("in").asString()).as(body.toString()).isEqualTo(in);
                assertThat(error.get("rule").asString()).as(body.toString()).isEqualTo(rule);
            }
        }
    }
}
