package io.harmony.liveness;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.inject.Singleton;

/**
 * Hears every record this replica's status view applies: keeps the set of known ids for the heartbeat hot path and
 * tells listeners (LivenessQueries settles the writes it acknowledged ahead of the view).
 */
@Singleton
public class ViewTracker {

    /** Ids seen in the view: lets the heartbeat hot path skip deserializing the view's entry. Tombstones evict. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final List<BiConsumer<String, ComponentStatus>> listeners = new CopyOnWriteArrayList<>();

    /** Tells {@code listener} every record the view applies (null = deleted), on the view's thread: keep it short. */
    public void onApplied(BiConsumer<String, ComponentStatus> listener) {
        listeners.add(listener);
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
    }
}
