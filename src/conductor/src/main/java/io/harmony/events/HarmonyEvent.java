package io.harmony.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The envelope of every event on harmony.events and every SSE frame's data. */
public record HarmonyEvent(String event, String eventId, String from, Instant timestamp, Map<String, Object> data) {

    /** Who signs the events the conductor itself raises (transitions, state changes, alerts). */
    public static final String CONDUCTOR = "harmony-conductor";

    public static HarmonyEvent of(String event, Instant at, Map<String, Object> data) {
        return new HarmonyEvent(event, UUID.randomUUID().toString(), CONDUCTOR, at, data);
    }
}
