package io.harmony.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body: {@code {"error": "...", "field": "..."}}, field being the JSON path at fault, when one is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema // a schema of /q/openapi though no method returns it (the exception mapper writes it)
public record ApiError(String error, String field) {
}
