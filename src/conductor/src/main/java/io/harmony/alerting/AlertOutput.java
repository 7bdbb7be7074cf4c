package io.harmony.alerting;

import io.harmony.events.HarmonyEvent;

/** The evaluator's output: an alert event for harmony.events, or a state change for harmony.alert-states (null = gone). */
public record AlertOutput(HarmonyEvent event, String stateKey, AlertState state) {
}
