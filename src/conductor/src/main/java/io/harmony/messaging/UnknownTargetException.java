package io.harmony.messaging;

import io.harmony.errors.HarmonyException;

/** A request to a component that never registered: 404. */
public class UnknownTargetException extends HarmonyException {
    public UnknownTargetException(String component) {
        super(404, "to", component + " has never registered");
    }
}
