package io.harmony.registry;

import java.time.Instant;
import java.util.List;

import io.harmony.commands.IssuedCommand;

/** Answer of POST /heartbeat: {@code commands} are the instance's pending heartbeat commands, handed out until reported. */
public record HeartbeatAck(String status, Instant nextHeartbeat, List<IssuedCommand> commands) {
}
