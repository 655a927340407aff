package dev.suite.web.problem;

import static dev.suite.web.problem.ProblemTypes.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import dev.suite.web.bodylimit.RequestBodyLimit;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.MatrixVariable;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The problems order-service and inventory-service answer alike, as RFC 9457 problem details with a {@code type} of
 * {@code urn:suite:problem:<name>}: every refused input is a 400 {@code invalid-request} whose {@code errors} list
 * each offending field with the rule it breaks (bean validation of bodies, path variables, query parameters and
 * headers; malformed or mistyped JSON; a body over the size limit; a missing or mistyped parameter), and Spring MVC's
 * other refusals (unknown path, method or media type) get a type too. Each service's one
 * {@code @RestControllerAdvice} extends this class and adds its domain's problems.
 */
public abstract class ServiceProblemDetails extends TypedProblemHandler {

    /** A 400 {@code invalid-request} problem naming each offending field; the detail sums them up. */
    public static ProblemDetail invalidRequest(List<InvalidField> errors) {
        String detail = errors.stream().map(InvalidField::describe).collect(Collectors.joining("; "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                errors.isEmpty() ? "The request is invalid" : detail);
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }

    /** 409 {@code insufficient-stock}: some SKUs are short ({@code shortages}: sku, requested, available). */
    public static ProblemDetail insufficientStock(String detail, List<?> shortages) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock", detail);
        problem.setProperty("shortages", shortages);
        return problem;
    }

    /**
     * 422 {@code unknown-sku}: items name SKUs that have no stock record ({@code skus}). Not a 409: no retry or
     * restock makes the request succeed as written.
     */
    public static ProblemDetail unknownSkus(String detail, List<String> skus) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-sku", "Unknown SKU", detail);
        problem.setProperty("skus", skus);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<InvalidField> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new InvalidField(propertyPath(violation.getPropertyPath()), null,
                    InvalidField.rule(violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()),
                    violation.getMessage()));
        }
        return invalidRequest(errors);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        e.getBindingResult().getAllErrors().forEach(error -> errors.add(bodyField("", error)));
        return badRequest(errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        e.visitResults(new HandlerMethodValidationException.Visitor() {
            @Override
            public void requestBody(RequestBody body, ParameterErrors result) {
                result.getAllErrors().forEach(error -> errors.add(bodyField("", error)));
            }

            @Override
            public void requestBodyValidationResult(RequestBody body, ParameterValidationResult result) {
                String field = result.getContainerIndex() != null ? "[" + result.getContainerIndex() + "]" : null;
                result.getResolvableErrors().forEach(error -> errors.add(field(field, InvalidField.BODY, error)));
            }

            @Override
            public void requestHeader(RequestHeader header, ParameterValidationResult result) {
                parameter(result, InvalidField.HEADER);
            }

            @Override
            public void requestParam(RequestParam param, ParameterValidationResult result) {
                parameter(result, InvalidField.QUERY);
            }

            @Override
            public void pathVariable(PathVariable path, ParameterValidationResult result) {
                parameter(result, InvalidField.PATH);
            }

            @Override
            public void cookieValue(CookieValue cookie, ParameterValidationResult result) {
                parameter(result, "cookie");
            }

            @Override
            public void matrixVariable(MatrixVariable matrix, ParameterValidationResult result) {
                parameter(result, InvalidField.PATH);
            }

            @Override
            public void modelAttribute(ModelAttribute attribute, ParameterErrors result) {
                result.getAllErrors().forEach(error -> errors.add(bodyField("", error)));
            }

            @Override
            public void requestPart(RequestPart part, ParameterErrors result) {
                result.getAllErrors().forEach(error -> errors.add(bodyField(part.name() + ".", error)));
            }

            @Override
            public void other(ParameterValidationResult result) {
                parameter(result, null);
            }

            private void parameter(ParameterValidationResult result, String in) {
                String name = parameterName(result.getMethodParameter());
                result.getResolvableErrors().forEach(error -> errors.add(field(name, in, error)));
            }
        });
        return badRequest(errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return badRequest(List.of(unreadableBody(e)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName();
        String in = null;
        if (e instanceof MethodArgumentTypeMismatchException mismatch) {
            field = parameterName(mismatch.getParameter());
            in = location(mismatch.getParameter());
        }
        return badRequest(List.of(new InvalidField(field, in, "type", "must be " + describe(e.getRequiredType()))),
                headers);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(List.of(new InvalidField(e.getParameterName(), InvalidField.QUERY, "required",
                "must be present")), headers);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing) {
            return badRequest(List.of(new InvalidField(missing.getHeaderName(), InvalidField.HEADER, "required",
                    "must be present")), headers);
        }
        return badRequest(List.of(new InvalidField(null, null, "request", e.getMessage())), headers);
    }

    private ResponseEntity<Object> badRequest(List<InvalidField> errors, HttpHeaders headers) {
        return ResponseEntity.badRequest().headers(headers).body(invalidRequest(errors));
    }

    private static InvalidField unreadableBody(HttpMessageNotReadableException e) {
        if (RequestBodyLimit.TooLarge.in(e)) {
            return new InvalidField(null, InvalidField.BODY, "max-size", "is larger than the limit of this service");
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException || cause instanceof InputCoercionException) {
                JacksonException json = (JacksonException) cause;
                String field = jsonPath(json.getPath());
                String expected = json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                        ? "must be " + describe(mismatch.getTargetType())
                        : "is not of the expected type or range";
                return new InvalidField(field, InvalidField.BODY, "type", expected);
            }
            if (cause instanceof JacksonException) {
                return new InvalidField(null, InvalidField.BODY, "json", "is not well-formed JSON");
            }
        }
        return new InvalidField(null, InvalidField.BODY, "required", "must be a JSON document");
    }

    private static String jsonPath(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? null : field.toString();
    }

    private static InvalidField bodyField(String prefix, ObjectError error) {
        String field = error instanceof FieldError fieldError ? prefix + fieldError.getField() : null;
        return new InvalidField(field, InvalidField.BODY, ruleOf(error), error.getDefaultMessage());
    }

    private static InvalidField field(String name, String in, MessageSourceResolvable error) {
        return new InvalidField(name, in, ruleOf(error), error.getDefaultMessage());
    }

    /** The constraint's name is the last, most general of the codes Spring derives from it. */
    private static String ruleOf(MessageSourceResolvable error) {
        String[] codes = error.getCodes();
        return codes == null || codes.length == 0 ? "invalid" : InvalidField.rule(codes[codes.length - 1]);
    }

    private static String parameterName(MethodParameter parameter) {
        String name = "";
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (header != null) {
            name = header.name().isEmpty() ? header.value() : header.name();
        } else if (param != null) {
            name = param.name().isEmpty() ? param.value() : param.name();
        } else if (path != null) {
            name = path.name().isEmpty() ? path.value() : path.name();
        }
        if (!name.isEmpty()) {
            return name;
        }
        return parameter.getParameterName();
    }

    private static String location(MethodParameter parameter) {
        if (parameter.hasParameterAnnotation(RequestHeader.class)) {
            return InvalidField.HEADER;
        }
        if (parameter.hasParameterAnnotation(PathVariable.class)) {
            return InvalidField.PATH;
        }
        if (parameter.hasParameterAnnotation(RequestParam.class)) {
            return InvalidField.QUERY;
        }
        return null;
    }

    private static String propertyPath(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                field.append(field.length() == 0 ? "" : ".").append(node.getName());
            }
        }
        return field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a " + (type.isRecord() || !type.getName().startsWith("java.") ? "JSON object" : type.getSimpleName());
    }
}
