package io.harmony.orchestra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MinuteRateTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-12-17T19:45:00.500Z"));
    private final MinuteRate rate = new MinuteRate(now::get);

    private void advance(int seconds) { now.set(now.get().plus(Duration.ofSeconds(seconds))); }

    @Test
    void countsEventsOfTheLastSixtySeconds() {
        rate.mark();
        rate.mark();
        advance(30);
        rate.mark();
        assertEquals(3, rate.perMinute());
        advance(30);   // the first two are now exactly 60 s old: out of the window
        assertEquals(1, rate.perMinute());
        advance(30);
        assertEquals(0, rate.perMinute());
    }

    @Test
    void aBucketReusedAfterAMinuteStartsFromZero() {
        rate.mark();
        advance(60);   // same bucket, next minute
        rate.mark();
        assertEquals(1, rate.perMinute());
    }

    @Test
    void noEventsIsZero() {
        assertEquals(0, rate.perMinute());
    }
}
