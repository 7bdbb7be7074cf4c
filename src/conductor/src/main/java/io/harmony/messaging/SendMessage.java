package io.harmony.messaging;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** One message of POST /queue/send. {@code from} and {@code to} are component names and need not be registered. */
@Schema // a schema of /q/openapi though POST /queue/send takes it as JSON (one, or a batch)
public record SendMessage(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,63}", message = "must be 1-63 letters, digits, '.', '_' or '-'") String from,
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,63}", message = "must be 1-63 letters, digits, '.', '_' or '-'") String to,
        @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}", message = "must be 1-128 letters, digits, '.', '_', ':' or '-'") String messageType,
        JsonNode payload) {
}
