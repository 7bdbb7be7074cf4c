package io.harmony.messaging;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** A message as stored on harmony.messages (key = recipient) and handed out by GET /queue/receive. */
@Schema // a schema of /q/openapi though GET /queue/receive writes its JSON as stored
public record QueuedMessage(String messageId, String from, String to, String messageType, JsonNode payload, Instant sentAt) {
}
