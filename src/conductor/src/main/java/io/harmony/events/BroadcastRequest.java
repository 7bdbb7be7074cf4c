package io.harmony.events;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of POST /broadcast. */
public record BroadcastRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,63}", message = "must be 1-63 letters, digits, '.', '_' or '-'") String from,
        @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}", message = "must be 1-128 letters, digits, '.', '_', ':' or '-'") String eventType,
        Map<String, Object> data) {
}
