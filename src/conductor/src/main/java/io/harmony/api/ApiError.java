package io.harmony.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body: {@code {"error": "...", "field": "..."}}, field being the JSON path at fault, when one is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {
}
