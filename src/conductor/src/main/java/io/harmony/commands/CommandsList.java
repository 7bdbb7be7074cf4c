package io.harmony.commands;

import java.util.List;

/** Answer of GET /services/{component_id}/commands: what is still handed out, and the latest outcomes (newest first). */
public record CommandsList(String componentId, List<CommandEntry> pending, List<CommandEntry> results) {
}
