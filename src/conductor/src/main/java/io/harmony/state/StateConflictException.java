package io.harmony.state;

import io.harmony.errors.HarmonyException;

/** A precondition (If-Match, If-None-Match) does not hold, or the key holds no string value: 409, nothing changed. */
public class StateConflictException extends HarmonyException {
    public StateConflictException(String field, String message) {
        super(409, field, message);
    }
}
