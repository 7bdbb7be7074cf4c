package io.harmony.alerting;

import java.util.Map;

/** The evaluator's memory of one component: name, last status and last metrics (with derived rates). */
public record AlertSubject(String component, String status, Map<String, Double> metrics) {
}
