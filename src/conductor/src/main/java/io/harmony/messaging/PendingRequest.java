package io.harmony.messaging;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A request on harmony.requests (key = the chosen instance's component_id). */
public record PendingRequest(String requestId, String from, String to, String requestType, JsonNode payload,
        Instant deadline, boolean retry) {
}
