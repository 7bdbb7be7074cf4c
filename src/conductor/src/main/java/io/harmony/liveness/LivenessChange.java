package io.harmony.liveness;

import io.harmony.events.HarmonyEvent;

/**
 * What the sweeper emits: the component's new view for harmony.status (null for a tombstone) and, on a transition,
 * the event for harmony.events.
 */
public record LivenessChange(ComponentStatus status, HarmonyEvent event) {
}
