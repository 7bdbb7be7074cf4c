package io.harmony.client;

/**
 * The conductor refused a call (status, error and field from its body) or did not answer (status 0). Refusals a
 * caller handles differently have their own subtypes: {@link AccessDeniedException} (401, 403) and
 * {@link RateLimitedException} (429).
 */
public class HarmonyException extends RuntimeException {
    private final int status;
    private final String field;

    public HarmonyException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public HarmonyException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.field = null;
    }

    /** HTTP status, 0 when no answer came (connection refused, timeout, interrupted). */
    public int status() {
        return status;
    }

    /** The JSON field at fault, when the conductor named one. */
    public String field() {
        return field;
    }
}
