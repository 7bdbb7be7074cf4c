package io.harmony.events;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.json.Json;

/**
 * Event data as plain JSON: a broadcast's {@code data} (whatever the component sent) and any event's data as read back
 * from the topic. Written as the JSON itself, no wrapper.
 */
public record FreeFormData(JsonNode json) implements EventData {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public FreeFormData {
    }

    /** A broadcast's body field; written exactly as the map would have been (same mapper, same inclusion rules). */
    public static FreeFormData of(Map<String, Object> data) {
        return new FreeFormData(Json.mapper().valueToTree(data == null ? Map.of() : data));
    }

    @JsonValue
    @Override
    public JsonNode json() {
        return json;
    }
}
