package io.harmony.registry;

import java.time.Instant;

/** Answer of POST /register. */
public record RegisterResponse(String status, String componentId, double heartbeatInterval, Instant nextHeartbeat) {
}
