package dev.suite.web.problem;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The shapes of the problems order-service and inventory-service answer, for their OpenAPI documents only: the
 * answers themselves are Spring's {@code ProblemDetail}s built by {@link ServiceProblemDetails} and the services'
 * handlers.
 */
public final class ProblemSchemas {

    /** The media type of every error answer. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private ProblemSchemas() {
    }

    @Schema(name = "Problem", description = "An RFC 9457 problem detail")
    public record Problem(
            @Schema(description = "urn:suite:problem:<name>; the name says what went wrong", example = "urn:suite:problem:order-not-found",
                    requiredMode = Schema.RequiredMode.REQUIRED) String type,
            @Schema(description = "short summary of the problem type", requiredMode = Schema.RequiredMode.REQUIRED) String title,
            @Schema(description = "the HTTP status", requiredMode = Schema.RequiredMode.REQUIRED) int status,
            @Schema(description = "what happened in this case, for people") String detail,
            @Schema(description = "the request path") String instance) {
    }

    @Schema(name = "InvalidRequestProblem", description = "400 urn:suite:problem:invalid-request: every offending part of the request with the rule it breaks; nothing was changed")
    public record InvalidRequestProblem(
            @Schema(example = "urn:suite:problem:invalid-request", requiredMode = Schema.RequiredMode.REQUIRED) String type,
            @Schema(example = "Invalid request", requiredMode = Schema.RequiredMode.REQUIRED) String title,
            @Schema(example = "400", requiredMode = Schema.RequiredMode.REQUIRED) int status,
            @Schema(example = "items[0].quantity: must be greater than 0") String detail,
            String instance,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<FieldError> errors) {
    }

    @Schema(name = "FieldError", description = "One offending part of a refused request")
    public record FieldError(
            @Schema(description = "body property path (items[0].quantity) or the path variable, query parameter or header name; absent when the whole body is at fault",
                    example = "items[0].quantity") String field,
            @Schema(description = "where it is", allowableValues = { "body", "path", "query", "header" }, example = "body") String in,
            @Schema(description = "the rule broken: a Bean Validation constraint in kebab case (not-null, not-empty, positive, positive-or-zero, min, max, size, pattern), "
                    + "or type, required, json, max-size, request (the request itself is malformed)", example = "positive", requiredMode = Schema.RequiredMode.REQUIRED) String rule,
            @Schema(description = "the rule in words", example = "must be greater than 0", requiredMode = Schema.RequiredMode.REQUIRED) String detail) {
    }

    @Schema(name = "InsufficientStockProblem", description = "409 urn:suite:problem:insufficient-stock: some SKUs are short; nothing was reserved")
    public record InsufficientStockProblem(
            @Schema(example = "urn:suite:problem:insufficient-stock", requiredMode = Schema.RequiredMode.REQUIRED) String type,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
            @Schema(example = "409", requiredMode = Schema.RequiredMode.REQUIRED) int status,
            String detail,
            String instance,
            @Schema(description = "each SKU that is short (present for insufficient-stock)") List<Shortage> shortages) {
    }

    @Schema(name = "Shortage")
    public record Shortage(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String sku,
            @Schema(description = "units asked for", requiredMode = Schema.RequiredMode.REQUIRED) int requested,
            @Schema(description = "units available when the request was refused", requiredMode = Schema.RequiredMode.REQUIRED) int available) {
    }

    @Schema(name = "UnknownSkuProblem", description = "422 urn:suite:problem:unknown-sku: items name SKUs that have no stock record; nothing was reserved")
    public record UnknownSkuProblem(
            @Schema(example = "urn:suite:problem:unknown-sku", requiredMode = Schema.RequiredMode.REQUIRED) String type,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
            @Schema(example = "422", requiredMode = Schema.RequiredMode.REQUIRED) int status,
            String detail,
            String instance,
            @Schema(description = "the SKUs without a stock record (present for unknown-sku)") List<String> skus) {
    }
}
