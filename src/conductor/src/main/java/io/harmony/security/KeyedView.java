package io.harmony.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A compacted topic's live records by key, in memory, kept by its global store's updater (so every replica holds all
 * of it, replayed from the topic at start). A writer waits here until its own record is applied (read-your-writes).
 */
final class KeyedView<V> {
    private record Waiter<V>(String key, Predicate<V> condition, CompletableFuture<Void> done) {
    }

    private final Map<String, V> byKey = new ConcurrentHashMap<>();
    private final List<Waiter<V>> waiters = new CopyOnWriteArrayList<>();

    V get(String key) {
        return byKey.get(key);
    }

    Collection<V> all() {
        return byKey.values();
    }

    /** Completes when a record for {@code key} satisfying {@code condition} (null = deleted) is applied; callers bound it. */
    CompletableFuture<Void> await(String key, Predicate<V> condition) {
        Waiter<V> waiter = new Waiter<>(key, condition, new CompletableFuture<>());
        waiters.add(waiter);
        waiter.done().whenComplete((ok, error) -> waiters.remove(waiter));
        return waiter.done();
    }

    /** The previous value of {@code key}; called on the global store's thread for each applied record. */
    V applied(String key, V value) {
        V previous = value == null ? byKey.remove(key) : byKey.put(key, value);
        for (Waiter<V> w : waiters) {
            if (w.key().equals(key) && w.condition().test(value)) {
                w.done().complete(null);
            }
        }
        return previous;
    }
}
