package io.harmony.commands;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

/**
 * This replica's copy of harmony.commands, by instance, kept by the global store's updater (so every replica holds all
 * of it, rebuilt from the compacted topic at start). The heartbeat path reads its pending commands here: a map lookup,
 * no Redis, no store iterator; most instances have none.
 */
@Singleton
public class CommandsView {

    private record Waiter(String key, Predicate<CommandEntry> condition, CompletableFuture<Void> done) {
    }

    private static final Comparator<CommandEntry> ISSUE_ORDER = Comparator.comparing(CommandEntry::issuedAt)
            .thenComparing(CommandEntry::commandId);

    private final Map<String, Map<String, CommandEntry>> byInstance = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    /** The commands an ack hands out to {@code componentId}, oldest first. */
    public List<IssuedCommand> pendingFor(String componentId) {
        Map<String, CommandEntry> entries = byInstance.get(componentId);
        if (entries == null) {
            return List.of();
        }
        return entries.values().stream().filter(CommandEntry::pending).sorted(ISSUE_ORDER).map(CommandEntry::issued).toList();
    }

    /** Every entry of {@code componentId}, oldest first. */
    public List<CommandEntry> entries(String componentId) {
        Map<String, CommandEntry> entries = byInstance.get(componentId);
        return entries == null ? List.of() : entries.values().stream().sorted(ISSUE_ORDER).toList();
    }

    /** Completes when this view applies a record for {@code key} satisfying {@code condition} (null = deleted). */
    CompletableFuture<Void> await(String key, Predicate<CommandEntry> condition) {
        Waiter waiter = new Waiter(key, condition, new CompletableFuture<>());
        waiters.add(waiter);
        waiter.done().whenComplete((ok, error) -> waiters.remove(waiter));
        return waiter.done();
    }

    /** Called by the global store's updater for each record it applies. */
    public void applied(String key, CommandEntry value) {
        int bar = key == null ? -1 : key.indexOf('|');
        if (bar <= 0) {
            return;
        }
        String componentId = key.substring(0, bar);
        String commandId = key.substring(bar + 1);
        if (value == null) {
            byInstance.computeIfPresent(componentId, (id, entries) -> {
                entries.remove(commandId);
                return entries.isEmpty() ? null : entries;
            });
        } else {
            byInstance.computeIfAbsent(componentId, id -> new ConcurrentHashMap<>()).put(commandId, value);
        }
        for (Waiter w : waiters) {
            if (w.key().equals(key) && w.condition().test(value)) {
                w.done().complete(null);
            }
        }
    }
}
