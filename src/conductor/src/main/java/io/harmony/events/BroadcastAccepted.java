package io.harmony.events;

/** Answer of POST /broadcast (202). */
public record BroadcastAccepted(String status, String eventId) {

    static BroadcastAccepted of(HarmonyEvent event) {
        return new BroadcastAccepted("broadcast", event.eventId());
    }
}
