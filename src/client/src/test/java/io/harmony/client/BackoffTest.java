package io.harmony.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private static final Duration INITIAL = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(1);

    private static List<Long> delays(Backoff backoff, int n) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            millis.add(backoff.next().toMillis());
        }
        return millis;
    }

    @Test
    void delaysStayBetweenInitialAndMax() {
        Backoff backoff = new Backoff(INITIAL, MAX);
        for (int round = 0; round < 100; round++) {
            for (long delay : delays(backoff, 20)) {
                assertTrue(delay >= 200 && delay <= 1000, "delay " + delay + " ms outside [200, 1000]");
            }
            backoff.reset();
        }
    }

    @Test
    void theCeilingDoublesUpToMax() {
        assertEquals(List.of(400L, 800L, 1000L, 1000L, 1000L), delays(new Backoff(INITIAL, MAX, () -> 1.0), 5));
    }

    @Test
    void theFloorIsAlwaysInitial() {
        assertEquals(List.of(200L, 200L, 200L, 200L), delays(new Backoff(INITIAL, MAX, () -> 0.0), 4));
    }

    @Test
    void resetStartsAgainFromTheSmallestRange() {
        Backoff backoff = new Backoff(INITIAL, MAX, () -> 1.0);
        delays(backoff, 10);
        assertFalse(backoff.fresh());
        backoff.reset();
        assertTrue(backoff.fresh());
        assertEquals(400, backoff.next().toMillis());
    }

    @Test
    void manyFailuresNeitherOverflowNorExceedMax() {
        Backoff backoff = new Backoff(Duration.ofNanos(1), Duration.ofDays(1), () -> 1.0);
        delays(backoff, 1_000);
        assertEquals(Duration.ofDays(1), backoff.next());
    }

    @Test
    void aMaxBelowInitialIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
