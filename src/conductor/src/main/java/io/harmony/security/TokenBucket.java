package io.harmony.security;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One caller's token bucket, kept as a single number: the instant at which the bucket is full again (GCRA, the
 * "virtual scheduling" form of a token bucket). Taking n tokens moves that instant n × interval later; a take that
 * would move it more than burst × interval past now is refused, takes nothing, and says how long until it would fit.
 * One compare-and-set and no allocation per take, so the heartbeat path pays next to nothing for it.
 */
final class TokenBucket {
    private final long intervalNanos;
    private final long toleranceNanos;
    private final int burst;
    private final LongSupplier clock;
    private final AtomicLong fullAt;

    /** {@code clock} in nanoseconds, like System.nanoTime (only differences count); tests pass their own. */
    TokenBucket(double perSecond, int burst, LongSupplier clock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
        }
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.burst = burst;
        this.toleranceNanos = Math.multiplyExact(intervalNanos, (long) burst);   // absurd settings fail at start
        this.clock = clock;
        this.fullAt = new AtomicLong(clock.getAsLong());   // a new caller starts with a full bucket
    }

    /**
     * Takes {@code n} tokens: 0 when taken, else the nanoseconds until they could be (and nothing was taken). More
     * than the burst is charged as the whole burst, or a large batch could never pass.
     */
    long take(int n) {
        long cost = intervalNanos * Math.min(Math.max(n, 1), burst);
        while (true) {
            long now = clock.getAsLong();
            long full = fullAt.get();
            long from = full - now > 0 ? full : now;   // a bucket full since long ago holds the burst, not more
            long ahead = from + cost - now;
            if (ahead > toleranceNanos) {
                return ahead - toleranceNanos;
            }
            if (fullAt.compareAndSet(full, from + cost)) {
                return 0;
            }
        }
    }

    /** How long an untouched bucket takes to fill from empty: after that, forgetting it forgives nothing. */
    long refillNanos() {
        return toleranceNanos;
    }
}
