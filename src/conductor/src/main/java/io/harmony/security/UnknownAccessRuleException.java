package io.harmony.security;

import io.harmony.errors.HarmonyException;

/** DELETE /access-control/{from} when no rule names {@code from}: 404. */
public class UnknownAccessRuleException extends HarmonyException {
    public UnknownAccessRuleException(String from) {
        super(404, "from", "no access-control rule names " + from);
    }
}
