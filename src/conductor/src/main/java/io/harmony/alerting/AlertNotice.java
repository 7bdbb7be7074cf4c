package io.harmony.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * What the channels are told when an alert fires or resolves for one component; the webhook body as is (snake_case
 * through {@link io.harmony.json.Json}). {@code value} is the metric value that decided it, null for status conditions;
 * {@code since} is when the alert started firing, {@code at} when this event happened.
 */
public record AlertNotice(String event, String alertName, String componentId, String component, String condition,
                          Double value, Instant since, Instant at) {

    /** Event names as on harmony.events (CONTRACT.md). */
    public static final String FIRING = "alert-firing";
    public static final String RESOLVED = "alert-resolved";

    public AlertNotice {
        if (!FIRING.equals(event) && !RESOLVED.equals(event)) {
            throw new IllegalArgumentException("event must be " + FIRING + " or " + RESOLVED + ", not " + event);
        }
        Objects.requireNonNull(alertName, "alertName");
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(condition, "condition");
    }

    public static AlertNotice firing(String alertName, String componentId, String component, String condition,
                                     Double value, Instant since) {
        return new AlertNotice(FIRING, alertName, componentId, component, condition, value, since, since);
    }

    public static AlertNotice resolved(String alertName, String componentId, String component, String condition,
                                       Double value, Instant since, Instant at) {
        return new AlertNotice(RESOLVED, alertName, componentId, component, condition, value, since, at);
    }

    /** True for {@code alert-firing}. Not a bean getter, so Jackson does not add it to the body. */
    public boolean firing() {
        return FIRING.equals(event);
    }
}
