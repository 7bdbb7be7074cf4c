package io.harmony.client;

/** Outcome of a command, reported in {@code command_results} of the next heartbeat; status "done" or "failed". */
public record CommandResult(String commandId, String status, String detail) {}
