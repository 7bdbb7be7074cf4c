package io.harmony.alerting;

import java.util.List;

/** Answer of GET /alerts: every rule, the built-in one first. */
public record AlertRuleList(List<AlertRuleView> alerts) {
}
