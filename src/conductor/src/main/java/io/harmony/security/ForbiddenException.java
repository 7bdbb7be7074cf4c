package io.harmony.security;

import io.harmony.errors.HarmonyException;

/** A known token acting outside its rights, or a send that no access-control rule allows: 403 naming what is missing. */
public class ForbiddenException extends HarmonyException {
    public ForbiddenException(String field, String message) {
        super(403, field, message);
    }
}
