package io.harmony.messaging;

import com.fasterxml.jackson.databind.JsonNode;

/** A reply on harmony.replies (key = request_id). */
public record Reply(String requestId, String responder, JsonNode response) {
}
