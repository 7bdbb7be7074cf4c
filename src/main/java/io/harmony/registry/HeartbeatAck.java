package io.harmony.registry;

import java.time.Instant;
import java.util.List;

/** Answer of POST /heartbeat. {@code commands} is reserved for instructions to the component; none exist yet. */
public record HeartbeatAck(String status, Instant nextHeartbeat, List<Object> commands) {
}
