package io.harmony.messaging;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of POST /request. {@code retry}: may a pending request move to another instance when its target degrades. */
public record RequestBody(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,63}", message = "must be 1-63 letters, digits, '.', '_' or '-'") String from,
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,63}", message = "must be 1-63 letters, digits, '.', '_' or '-'") String to,
        @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}", message = "must be 1-128 letters, digits, '.', '_', ':' or '-'") String requestType,
        JsonNode payload, Double timeoutSeconds, Boolean retry) {
}
