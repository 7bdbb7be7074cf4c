package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;

/** A shared-state key (relative to {@code echo:}), its JSON value and its version (SHA-1 of the stored bytes). */
public record StateEntry(String key, JsonNode value, String version) {}
