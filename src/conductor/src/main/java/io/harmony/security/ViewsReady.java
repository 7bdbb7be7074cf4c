package io.harmony.security;

import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;

import io.harmony.errors.DependencyUnavailableException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Whether the tokens and access-control views are loaded. Streams reaches RUNNING only after its global stores were
 * replayed, and they stay loaded from then on (rebalances do not touch them), so the first RUNNING is remembered.
 * Before it an unknown token is a 503, not a 401, and no send passes unchecked.
 */
@Singleton
public class ViewsReady {
    @Inject Instance<KafkaStreams> streams;
    private volatile boolean loaded;

    boolean loaded() {
        if (!loaded) {
            try {
                loaded = streams.get().state() == KafkaStreams.State.RUNNING;
            } catch (RuntimeException e) {
                return false; // Streams not created yet
            }
        }
        return loaded;
    }

    void requireLoaded(String what) {
        if (!loaded()) {
            throw new DependencyUnavailableException(what + " not loaded yet (start-up); retry shortly", null);
        }
    }
}
