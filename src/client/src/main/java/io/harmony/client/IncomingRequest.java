package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A request the conductor routed to this instance (over HTTP or harmony.requests). */
public record IncomingRequest(String requestId, String from, String requestType, JsonNode payload, Instant deadline) {}
