package io.harmony.orchestra;

import java.time.InstantSource;
import java.util.Arrays;

/** Events over the last minute, in one-second buckets: the honest requests_per_minute of a heartbeat. */
final class MinuteRate {
    private static final int SECONDS = 60;

    private final InstantSource clock;
    private final long[] counts = new long[SECONDS];     // guarded by this
    private final long[] seconds = new long[SECONDS];    // the epoch second each bucket counts; guarded by this

    MinuteRate(InstantSource clock) {
        this.clock = clock;
        Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void mark() {
        long now = clock.millis() / 1000;
        int bucket = Math.floorMod(now, SECONDS);
        if (seconds[bucket] != now) {   // the bucket still holds a second that left the window
            seconds[bucket] = now;
            counts[bucket] = 0;
        }
        counts[bucket]++;
    }

    /** Events in the 60 seconds up to now (the current second included). */
    synchronized double perMinute() {
        long now = clock.millis() / 1000;
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (seconds[i] > now - SECONDS && seconds[i] <= now) total += counts[i];
        }
        return total;
    }
}
