package io.harmony.alerting;

import java.time.Instant;

/** One firing alert in GET /alerts/active; {@code since} is when it started firing. */
public record ActiveAlert(String alertName, String componentId, String component, String condition, Double value,
        Instant since) {

    static ActiveAlert of(AlertState s) {
        return new ActiveAlert(s.alertName(), s.componentId(), s.component(), s.condition(), s.value(),
                s.firingSince() == null ? s.since() : s.firingSince());
    }
}
