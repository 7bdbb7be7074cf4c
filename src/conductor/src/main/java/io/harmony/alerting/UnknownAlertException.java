package io.harmony.alerting;

import io.harmony.errors.HarmonyException;

/** No rule of that name: 404. */
public class UnknownAlertException extends HarmonyException {
    public UnknownAlertException(String name) {
        super(404, "alert_name", "no alert rule named " + name);
    }
}
