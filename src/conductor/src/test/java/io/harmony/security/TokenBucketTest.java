package io.harmony.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The bucket on a clock the test moves: the numbers of GCRA, without waiting for them. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(123 * SECOND);

    @Test
    void aNewCallerHasTheWholeBurstThenOneTokenPerInterval() {
        TokenBucket bucket = new TokenBucket(2, 3, now::get);   // 2 per second, bursts of 3
        assertEquals(0, bucket.take(1));
        assertEquals(0, bucket.take(1));
        assertEquals(0, bucket.take(1));
        assertEquals(SECOND / 2, bucket.take(1), "empty: the next token comes after one interval");
        now.addAndGet(SECOND / 2 - 1);
        assertEquals(1, bucket.take(1), "a refused take took nothing: the wait only shrank with time");
        now.addAndGet(1);
        assertEquals(0, bucket.take(1));
        assertEquals(SECOND / 2, bucket.take(1));
    }

    @Test
    void anIdleBucketFillsUpToTheBurstAndNoFurther() {
        TokenBucket bucket = new TokenBucket(1, 2, now::get);
        assertEquals(0, bucket.take(2));
        now.addAndGet(3600 * SECOND);
        assertEquals(0, bucket.take(1));
        assertEquals(0, bucket.take(1));
        assertEquals(SECOND, bucket.take(1), "an hour of silence is worth the burst, not 3,600 tokens");
        assertEquals(2 * SECOND, bucket.refillNanos());
    }

    @Test
    void aBatchCostsOneTokenPerWriteAndIsRefusedWhole() {
        TokenBucket bucket = new TokenBucket(10, 10, now::get);
        assertEquals(0, bucket.take(7));
        long wait = bucket.take(5);   // 3 left: 2 short
        assertEquals(2 * SECOND / 10, wait);
        assertEquals(0, bucket.take(3), "the refused batch of 5 took none of the 3 left");
    }

    @Test
    void aBatchLargerThanTheBurstWaitsForAFullBucketInsteadOfForever() {
        TokenBucket bucket = new TokenBucket(10, 10, now::get);
        assertEquals(0, bucket.take(25));
        long wait = bucket.take(25);
        assertTrue(wait > 0 && wait <= SECOND, "waits for the bucket to fill: " + wait);
        now.addAndGet(wait);
        assertEquals(0, bucket.take(25));
    }
}
