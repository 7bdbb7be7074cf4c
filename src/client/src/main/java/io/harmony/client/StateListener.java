package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Follows the keys under a prefix: every existing key first, then each change and deletion. */
public interface StateListener {
    void changed(String key, JsonNode value, String version);

    default void deleted(String key) {}
}
