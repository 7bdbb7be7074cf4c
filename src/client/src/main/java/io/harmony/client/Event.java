package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One event of the conductor's stream; {@code id} is the SSE id (a harmony.events offset) a subscription resumes after. */
public record Event(long id, String type, String eventId, String from, Instant timestamp, JsonNode data) {}
