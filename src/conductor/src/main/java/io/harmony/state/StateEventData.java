package io.harmony.state;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.events.EventData;

/**
 * The data of state-changed ({@code key, redis_key, value, version}) and state-deleted ({@code key, redis_key}: no
 * value, no version). {@code key} is relative to the prefix, as in the API.
 */
public record StateEventData(String key, String redisKey, JsonNode value, String version) implements EventData {
}
