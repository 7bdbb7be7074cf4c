package io.harmony.alerting;

import java.util.List;

/** Answer of GET /alerts/active: the firing alerts, oldest first. */
public record ActiveAlertList(List<ActiveAlert> alerts) {
}
