package io.harmony.client;

/**
 * The conductor refused the client's token: 401 when it has none or does not know it (unset, mistyped, revoked), 403
 * when the token may not do this (another component's name, an admin-only call, a missing access-control rule).
 * Retrying soon cannot help, so the client's loops wait their longest backoff after it.
 */
public final class AccessDeniedException extends HarmonyException {
    public AccessDeniedException(int status, String message, String field) {
        super(status, message, field);
    }
}
