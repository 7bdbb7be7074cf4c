package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A queued message as GET /queue/receive hands it out. */
public record Message(String messageId, String from, String to, String messageType, JsonNode payload, Instant sentAt) {}
