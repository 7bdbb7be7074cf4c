package io.harmony.alerting;

/** No rule of that name: 404. */
public class UnknownAlertException extends RuntimeException {
    public UnknownAlertException(String name) {
        super("no alert rule named " + name);
    }
}
