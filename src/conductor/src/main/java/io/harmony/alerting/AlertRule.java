package io.harmony.alerting;

import java.util.List;

/**
 * A rule as configured (POST /alerts/configure) and stored on the compacted harmony.alerts (key alert_name).
 * {@code components} are component names; empty means every component.
 */
public record AlertRule(String alertName, String condition, List<String> components, List<String> notificationChannels,
        double forSeconds, boolean builtIn) {

    /** The built-in rule: any component going degraded alerts (the seed's "alerts are triggered"). */
    public static AlertRule componentDegraded(List<String> channels) {
        return new AlertRule("component-degraded", "status == degraded", List.of(), channels, 0, true);
    }

    boolean appliesTo(String component) {
        return components == null || components.isEmpty() || components.contains(component);
    }
}
