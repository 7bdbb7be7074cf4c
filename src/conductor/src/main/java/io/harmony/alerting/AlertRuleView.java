package io.harmony.alerting;

import java.util.List;

/** One rule in GET /alerts: the rule as configured, with its top-level state (the worst across its components). */
public record AlertRuleView(String alertName, String condition, List<String> components, List<String> notificationChannels,
        double forSeconds, boolean builtIn, String state) {

    static AlertRuleView of(AlertRule r, String state) {
        return new AlertRuleView(r.alertName(), r.condition(), r.components(), r.notificationChannels(), r.forSeconds(),
                r.builtIn(), state);
    }
}
