package io.harmony.commands;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One heartbeat command of one instance: the value on harmony.commands (compacted, key
 * {@code <component_id>|<command_id>}). Written pending when issued, and again with its outcome when a beat reports it.
 */
public record CommandEntry(String componentId, String commandId, String command, JsonNode args, Instant issuedAt,
        String status, String detail, Instant completedAt) {

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** The topic and store key: one instance's commands sort together, so a prefix scan finds them. */
    public static String key(String componentId, String commandId) {
        return componentId + "|" + commandId;
    }

    public static String prefix(String componentId) {
        return componentId + "|";
    }

    public boolean pending() {
        return PENDING.equals(status);
    }

    CommandEntry completed(CommandResult result, Instant at) {
        return new CommandEntry(componentId, commandId, command, args, issuedAt, result.status(), result.detail(), at);
    }

    IssuedCommand issued() {
        return new IssuedCommand(commandId, command, args, issuedAt);
    }
}
