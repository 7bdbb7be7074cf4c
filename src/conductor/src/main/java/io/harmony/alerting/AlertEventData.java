package io.harmony.alerting;

import java.time.Instant;
import java.util.List;

import io.harmony.events.EventData;

/**
 * The data of alert-firing and alert-resolved: which rule, on which component, the value that decided it (absent for
 * status conditions), since when, and where AlertNotifications delivers it.
 */
public record AlertEventData(String alertName, String componentId, String component, String condition, Double value,
        Instant since, List<String> notificationChannels) implements EventData {

    static AlertEventData of(AlertState s, AlertRule rule) {
        return new AlertEventData(s.alertName(), s.componentId(), s.component(), s.condition(), s.value(), s.since(),
                rule == null ? List.of("log") : rule.notificationChannels());
    }
}
