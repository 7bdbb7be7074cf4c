package io.harmony.alerting;

import java.util.List;

/** Answer of POST /alerts/configure (201): the rule as stored. */
public record AlertConfigured(String status, String alertName, String condition, List<String> components,
        List<String> notificationChannels, double forSeconds) {

    static AlertConfigured of(AlertRule r) {
        return new AlertConfigured("configured", r.alertName(), r.condition(), r.components(), r.notificationChannels(),
                r.forSeconds());
    }
}
