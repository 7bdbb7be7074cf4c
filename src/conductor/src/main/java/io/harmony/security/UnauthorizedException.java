package io.harmony.security;

import java.util.Map;

import io.harmony.errors.HarmonyException;

/**
 * No bearer token, or one this conductor does not know (never issued, revoked): 401 with {@code WWW-Authenticate:
 * Bearer}. The message says what is wrong with the header, never what it held.
 */
public class UnauthorizedException extends HarmonyException {
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"harmony\"");

    public UnauthorizedException(String message) {
        super(401, "authorization", message);
    }

    @Override
    public Map<String, String> headers() {
        return CHALLENGE;
    }
}
