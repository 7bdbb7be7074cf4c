package io.harmony.messaging;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A message as stored on harmony.messages (key = recipient) and handed out by GET /queue/receive. */
public record QueuedMessage(String messageId, String from, String to, String messageType, JsonNode payload, Instant sentAt) {
}
