package dev.suite.web.problem;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One offending part of a refused request, listed in an {@code invalid-request} problem's {@code errors}.
 *
 * @param field  where it is: {@code items[0].quantity} in the body, or the name of a path variable, query parameter
 *               or header; absent when the whole body is at fault (not JSON, too large, missing)
 * @param in     {@code body}, {@code path}, {@code query} or {@code header}
 * @param rule   the rule it breaks, in kebab case: a Bean Validation constraint ({@code not-null}, {@code positive},
 *               {@code max}, {@code pattern}, {@code size}, ...), {@code type} (not of the expected JSON or parameter
 *               type), {@code required}, {@code json} (not well-formed JSON), {@code max-size} (body too large) or
 *               {@code request} (the request itself is malformed: its URI or headers)
 * @param detail the rule in words, for people: {@code must be greater than 0}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvalidField(String field, String in, String rule, String detail) {

    public static final String BODY = "body";
    public static final String PATH = "path";
    public static final String QUERY = "query";
    public static final String HEADER = "header";

    /** {@code PositiveOrZero} becomes {@code positive-or-zero}: rules read alike whatever produced them. */
    public static String rule(String constraintName) {
        return constraintName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    String describe() {
        return (field == null ? in : field) + ": " + detail;
    }
}
