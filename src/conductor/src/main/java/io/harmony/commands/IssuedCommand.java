package io.harmony.commands;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A command as a heartbeat ack hands it out. */
public record IssuedCommand(String commandId, String command, JsonNode args, Instant issuedAt) {
}
