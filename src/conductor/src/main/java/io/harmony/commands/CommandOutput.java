package io.harmony.commands;

import io.harmony.events.HarmonyEvent;

/**
 * What the results processor writes: a record for harmony.commands ({@code entry} null = tombstone of {@code key}) and,
 * for a completed command, its event.
 */
public record CommandOutput(String key, CommandEntry entry, HarmonyEvent event) {
}
