package io.harmony.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter, one per loop (not thread-safe). The n-th delay is drawn uniformly from
 * [initial, min(max, initial × 2ⁿ)]: jitter spreads many clients reconnecting after the same conductor restart, and the
 * floor keeps every retry loop from spinning.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int attempt;

    Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} in [0, 1]; tests pass constants to see the bounds. */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The next delay; each call widens the range until it reaches max. */
    Duration next() {
        attempt = Math.min(attempt + 1, 64);
        double ceiling = Math.min(maxNanos, initialNanos * Math.pow(2, attempt));   // 2×, 4×, 8× initial … max
        return Duration.ofNanos(initialNanos + (long) (random.getAsDouble() * (ceiling - initialNanos)));
    }

    /** Sleeps for {@link #next()}. */
    void pause() throws InterruptedException {
        Thread.sleep(next().toMillis());
    }

    /**
     * The wait after {@code failure}: a refused token (401, 403) cannot get better soon, so the cap at once, or every
     * client with a revoked token would hammer the conductor; a 429 at least its Retry-After; else {@link #next()}.
     */
    Duration after(Throwable failure) {
        if (failure instanceof AccessDeniedException) {
            attempt = Math.max(attempt, 1);
            return max();
        }
        Duration next = next();
        if (failure instanceof RateLimitedException limited && limited.retryAfter() != null
                && limited.retryAfter().compareTo(next) > 0) {
            return limited.retryAfter();
        }
        return next;
    }

    /** Sleeps for {@link #after(Throwable)}. */
    void pauseAfter(Throwable failure) throws InterruptedException {
        Thread.sleep(after(failure).toMillis());
    }

    /** The cap: what a loop waits when retrying sooner cannot help (a configuration error). */
    Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    /** After a success: the next failure starts again from initial. */
    void reset() {
        attempt = 0;
    }

    /** True when no failure happened since the last success: loops log the first failure loudly, repeats quietly. */
    boolean fresh() {
        return attempt == 0;
    }
}
