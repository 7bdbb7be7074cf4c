package io.harmony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void buildsNothingUntilAskedThenTheSameValueOnce() {
        AtomicInteger built = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
            built.incrementAndGet();
            return new Object();
        });
        assertEquals(0, built.get());
        Object first = lazy.get();
        assertSame(first, lazy.get());
        assertEquals(1, built.get());
    }

    @Test
    void threadsAskingTogetherShareOneValue() throws Exception {
        AtomicInteger built = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
            built.incrementAndGet();
            return new Object();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return lazy.get();
                }));
            }
            go.countDown();
            for (Future<Object> answer : answers) {
                assertSame(lazy.get(), answer.get());
            }
            assertEquals(1, built.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFactoryThatReturnsNullFailsLoudlyAndIsAskedAgainNextTime() {
        AtomicInteger asked = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> asked.incrementAndGet() == 1 ? null : "second");
        assertThrows(NullPointerException.class, lazy::get);
        assertEquals("second", lazy.get());
    }
}
