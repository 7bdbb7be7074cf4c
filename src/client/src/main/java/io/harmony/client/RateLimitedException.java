package io.harmony.client;

import java.time.Duration;

/**
 * 429: a per-caller limit of the conductor was met (write rate, a full queue, too many event streams). Nothing of the
 * call was done; {@link #retryAfter()} says when a retry can succeed, when the conductor knows.
 */
public final class RateLimitedException extends HarmonyException {
    private final Duration retryAfter;

    public RateLimitedException(String message, String field, Duration retryAfter) {
        super(429, message, field);
        this.retryAfter = retryAfter;
    }

    /** The conductor's Retry-After; null when it gave none (a full queue frees up when its consumer receives). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
