package io.harmony.api;

import java.util.Iterator;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.harmony.errors.HarmonyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every error answer of the conductor, in one shape. We map Jackson and validation exceptions ourselves, because the
 * built-in 400 differs between test and prod (it has a body only in dev/test).
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    /** Every error a domain raises on purpose carries its own status and field. */
    @ServerExceptionMapper
    RestResponse<ApiError> harmony(HarmonyException e) {
        if (e.status() >= 500) {
            LOG.debugf("%d: %s", e.status(), e.getMessage());
        }
        if (e.headers().isEmpty()) {
            return json(e.status(), e.getMessage(), e.field());
        }
        RestResponse.ResponseBuilder<ApiError> answer = builder(e.status(), e.getMessage(), e.field());
        e.headers().forEach(answer::header);
        return answer.build();
    }

    @ServerExceptionMapper
    RestResponse<ApiError> constraintViolation(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().iterator().next();
        String field = field(first.getPropertyPath());
        if (field.isEmpty()) {
            return json(Response.Status.BAD_REQUEST, "a JSON object body is required", null);
        }
        String message = e.getConstraintViolations().stream()
                .map(v -> field(v.getPropertyPath()) + " " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return json(Response.Status.BAD_REQUEST, message, field);
    }

    /**
     * Ill-typed or incomplete JSON. The subtypes are named because Quarkus has built-in mappers for some of them, which
     * would otherwise win as the closer match and answer without our body.
     */
    @ServerExceptionMapper({ MismatchedInputException.class, InvalidFormatException.class, ValueInstantiationException.class,
            JsonMappingException.class })
    RestResponse<ApiError> jsonMapping(JsonMappingException e) {
        return jackson(e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> tooLong(StreamConstraintsException e) {
        return json(Response.Status.REQUEST_ENTITY_TOO_LARGE, "request body is too large: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> malformedJson(StreamReadException e) {
        return json(Response.Status.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> jsonProcessing(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException tooLong) {
            return tooLong(tooLong);
        }
        return json(Response.Status.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage(), null);
    }

    /** The framework's own answers (unmatched path 404, 405, 406, 415, ...) get the same body. */
    @ServerExceptionMapper
    RestResponse<ApiError> framework(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return jpe instanceof JsonMappingException jme ? jackson(jme) : jsonProcessing(jpe);
        }
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: this endpoint answers application/json";
            case 415 -> "unsupported media type: send application/json";
            case 400 -> e.getMessage() == null ? "bad request" : e.getMessage();
            default -> e.getMessage();
        };
        return json(status, message, null);
    }

    /** Last resort: a bug is logged and answered in the same shape, never with a stack trace. */
    @ServerExceptionMapper
    RestResponse<ApiError> unexpected(Throwable e) {
        if (e.getCause() instanceof HarmonyException own) {
            return harmony(own);
        }
        LOG.error("unexpected error", e);
        return json(Response.Status.INTERNAL_SERVER_ERROR, "internal error", null);
    }

    private RestResponse<ApiError> jackson(JsonMappingException e) {
        if (e.getCause() instanceof HarmonyException own) {
            return harmony(own);
        }
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return json(Response.Status.BAD_REQUEST, (field.isEmpty() ? "" : field + ": ") + e.getOriginalMessage(),
                field.isEmpty() ? null : field);
    }

    /** {@code register.request.healthCheckUrl} → {@code health_check_url}; container elements keep their key. */
    private static String field(Path path) {
        StringBuilder out = new StringBuilder();
        Iterator<Path.Node> nodes = path.iterator();
        int depth = 0;
        while (nodes.hasNext()) {
            Path.Node node = nodes.next();
            depth++;
            if (depth <= 2 || node.getName() == null || node.getName().startsWith("<")) {
                if (node.getKey() != null && depth > 2) {
                    out.append('.').append(node.getKey());
                } else if (node.getIndex() != null && depth > 2) {
                    out.append('[').append(node.getIndex()).append(']');
                }
                continue; // method and parameter names are Java's, not the JSON's
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(SNAKE.translate(node.getName()));
            if (node.getKey() != null) {
                out.append('.').append(node.getKey());
            } else if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static RestResponse<ApiError> json(Response.Status status, String message, String field) {
        return json(status.getStatusCode(), message, field);
    }

    private static RestResponse<ApiError> json(int status, String message, String field) {
        return builder(status, message, field).build();
    }

    private static RestResponse.ResponseBuilder<ApiError> builder(int status, String message, String field) {
        return RestResponse.ResponseBuilder.<ApiError>create(status).entity(new ApiError(message, field))
                .type(MediaType.APPLICATION_JSON_TYPE);
    }
}
