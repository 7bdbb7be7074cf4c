package io.harmony.commands;

/** Answer of POST /services/{component_id}/commands (202): the id the outcome will be reported under. */
public record CommandAccepted(String commandId) {
}
