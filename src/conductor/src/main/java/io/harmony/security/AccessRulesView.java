package io.harmony.security;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

/**
 * This replica's copy of harmony.access-control by {@code from}, kept by the global store's updater: a send or a
 * request checks its rule with one map lookup (most senders have none), on every replica, without Redis.
 */
@Singleton
public class AccessRulesView {
    private final KeyedView<AccessRule> byFrom = new KeyedView<>();

    AccessRule rule(String from) {
        return byFrom.get(from);
    }

    List<AccessRule> all() {
        return List.copyOf(byFrom.all());
    }

    CompletableFuture<Void> await(String from, Predicate<AccessRule> condition) {
        return byFrom.await(from, condition);
    }

    /** Called by the global store's updater for each record it applies (null = removed). */
    public void applied(String from, AccessRule rule) {
        if (from != null) {
            // The key names the sender. Missing lists (a foreign producer's record) allow nothing: its sender stays
            // restricted rather than silently unrestricted.
            byFrom.applied(from, rule == null ? null : new AccessRule(from, rule.to() == null ? List.of() : rule.to(),
                    rule.allowedOperations() == null ? List.of() : rule.allowedOperations()));
        }
    }
}
