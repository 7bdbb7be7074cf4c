package io.harmony.errors;

import java.util.Map;

/**
 * A per-caller limit was met (write rate, a queue's depth, open event streams): 429. Nothing of the refused call was
 * done, so the caller may simply retry; when the wait is known it travels as {@code Retry-After}.
 */
public class TooManyRequestsException extends HarmonyException {
    private final long retryAfterSeconds;

    public TooManyRequestsException(String field, String message, long retryAfterSeconds) {
        super(429, field, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds (rounded up) until a retry can succeed, the {@code Retry-After} header; 0 when unknown. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return retryAfterSeconds > 0 ? Map.of("Retry-After", Long.toString(retryAfterSeconds)) : Map.of();
    }
}
