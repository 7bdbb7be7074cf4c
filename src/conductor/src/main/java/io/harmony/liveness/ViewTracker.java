package io.harmony.liveness;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

/**
 * Lets a write wait until this replica's view shows it (read-your-writes): the status view's updater reports every
 * record it applies, and a waiter completes on the first that satisfies its condition. No polling, no parked thread.
 */
@Singleton
public class ViewTracker {

    private record Waiter(Predicate<ComponentStatus> condition, CompletableFuture<Void> done) {
    }

    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    /** Ids seen in the view: lets the heartbeat hot path skip deserializing the view's entry. Tombstones evict. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final List<BiConsumer<String, ComponentStatus>> listeners = new CopyOnWriteArrayList<>();

    /** Tells {@code listener} every record the view applies (null = deleted), on the view's thread: keep it short. */
    public void onApplied(BiConsumer<String, ComponentStatus> listener) {
        listeners.add(listener);
    }

    /** Completes when the view applies a record for {@code componentId} satisfying {@code condition} (null = deleted). */
    public CompletableFuture<Void> await(String componentId, Predicate<ComponentStatus> condition) {
        Waiter waiter = new Waiter(condition, new CompletableFuture<>());
        waiters.computeIfAbsent(componentId, k -> new CopyOnWriteArrayList<>()).add(waiter);
        waiter.done().whenComplete((ok, error) -> waiters.computeIfPresent(componentId, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        }));
        return waiter.done();
    }

    boolean knownToExist(String componentId) {
        return known.contains(componentId);
    }

    void rememberExists(String componentId) {
        known.add(componentId);
    }

    void forget(String componentId) {
        known.remove(componentId);
    }

    /** Called by the view's updater for each record it applies. */
    public void applied(String componentId, ComponentStatus value) {
        if (componentId == null) {
            return; // a keyless record on harmony.status: nothing to apply
        }
        if (value == null) {
            known.remove(componentId);
        }
        listeners.forEach(l -> l.accept(componentId, value));
        List<Waiter> list = waiters.get(componentId);
        if (list == null) {
            return;
        }
        for (Waiter w : list) {
            if (w.condition().test(value)) {
                w.done().complete(null);
            }
        }
    }
}
