package io.harmony.messaging;

import io.harmony.errors.HarmonyException;

/** The target component has instances, but none is healthy: 503. */
public class NoHealthyInstanceException extends HarmonyException {
    public NoHealthyInstanceException(String component) {
        super(503, "to", "no healthy instance of " + component);
    }
}
