package io.harmony.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.harmony.json.Json;

/**
 * The envelope of every event on harmony.events and every SSE frame's data. Read back, {@code data} is free-form JSON
 * (the envelope does not say which record it was); {@link #data(Class)} gives it its family's type.
 */
public record HarmonyEvent(String event, String eventId, String from, Instant timestamp,
        @JsonDeserialize(as = FreeFormData.class) EventData data) {

    /** Who signs the events the conductor itself raises (transitions, state changes, alerts). */
    public static final String CONDUCTOR = "harmony-conductor";

    public static HarmonyEvent of(String event, Instant at, EventData data) {
        return new HarmonyEvent(event, UUID.randomUUID().toString(), CONDUCTOR, at, data);
    }

    /**
     * The data as its family's record: as is when this event was built here, converted when it was read back from the
     * topic (then it is {@link FreeFormData}); null when the event has none.
     */
    public <T extends EventData> T data(Class<T> type) {
        if (data == null || type.isInstance(data)) {
            return type.cast(data);
        }
        return Json.mapper().convertValue(data, type);
    }
}
