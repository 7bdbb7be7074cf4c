package io.harmony.alerting;

import java.util.Map;

/**
 * What the evaluator hears about a component: its metrics after a heartbeat (with derived rates), or its status after
 * a transition. {@code component == null && status == null && metrics == null} means it deregistered.
 */
public record AlertInput(String component, String status, Map<String, Double> metrics, boolean deregistered) {

    public static AlertInput metrics(Map<String, Double> metrics) {
        return new AlertInput(null, null, metrics, false);
    }

    public static AlertInput status(String component, String status) {
        return new AlertInput(component, status, null, false);
    }

    public static AlertInput gone() {
        return new AlertInput(null, null, null, true);
    }
}
