package io.harmony.commands;

import java.time.Instant;

import io.harmony.events.EventData;

/** The data of command-completed and command-failed: the outcome a heartbeat reported; {@code detail} only if it had one. */
public record CommandEventData(String componentId, String commandId, String command, String status, String detail,
        Instant issuedAt) implements EventData {

    static CommandEventData of(CommandEntry done) {
        return new CommandEventData(done.componentId(), done.commandId(), done.command(), done.status(), done.detail(),
                done.issuedAt());
    }
}
