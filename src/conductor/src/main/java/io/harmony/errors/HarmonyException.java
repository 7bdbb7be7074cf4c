package io.harmony.errors;

import java.util.Map;

/**
 * Base of every error a domain raises on purpose: it knows its HTTP status and, where the caller can fix something,
 * the JSON field at fault. The one exception mapper turns any of them into CONTRACT.md's {@code {error, field}} body,
 * so a new error is a subclass, never a new mapper.
 */
public abstract class HarmonyException extends RuntimeException {
    private final int status;
    private final String field;

    protected HarmonyException(int status, String field, String message) {
        this(status, field, message, null);
    }

    protected HarmonyException(int status, String field, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The offending JSON field (snake case), or null when the error is not about one field. */
    public String field() {
        return field;
    }

    /** Headers the answer carries besides the body (a 401's WWW-Authenticate); none unless a subclass says so. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
