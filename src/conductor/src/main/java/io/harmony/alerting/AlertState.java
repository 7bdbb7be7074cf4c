package io.harmony.alerting;

import java.time.Instant;

/** One rule on one component while its condition holds: pending until for_seconds passed, then firing. */
public record AlertState(String alertName, String componentId, String component, String condition, Double value,
        String state, Instant since, Instant firingSince) {
    public static final String PENDING = "pending";
    public static final String FIRING = "firing";

    static String key(String alertName, String componentId) {
        return alertName + "|" + componentId;
    }

    String key() {
        return key(alertName, componentId);
    }

    boolean firing() {
        return FIRING.equals(state);
    }
}
