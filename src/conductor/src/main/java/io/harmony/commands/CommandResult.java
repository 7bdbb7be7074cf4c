package io.harmony.commands;

import io.harmony.errors.InvalidInputException;

/** One element of a heartbeat's {@code command_results}: what the component made of a command it was handed. */
public record CommandResult(String commandId, String status, String detail) {

    static final int MAX_DETAIL = 4096;

    /** The checks POST /heartbeat makes; records produced straight to Kafka that fail them are skipped by the topology. */
    public static void requireValid(CommandResult result, int index) {
        String at = "command_results[" + index + "]";
        if (result == null) {
            throw new InvalidInputException(at, at + " must be an object");
        }
        if (result.commandId() == null || result.commandId().isBlank()) {
            throw new InvalidInputException(at + ".command_id", "command_id must not be blank");
        }
        if (!isOutcome(result.status())) {
            throw new InvalidInputException(at + ".status", "status must be \"done\" or \"failed\"");
        }
        if (result.detail() != null && result.detail().length() > MAX_DETAIL) {
            throw new InvalidInputException(at + ".detail", "detail must be at most " + MAX_DETAIL + " characters");
        }
    }

    static boolean isOutcome(String status) {
        return CommandEntry.DONE.equals(status) || CommandEntry.FAILED.equals(status);
    }
}
