package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A command the conductor handed out in a heartbeat acknowledgement. */
public record Command(String commandId, String command, JsonNode args, Instant issuedAt) {}
