package io.harmony.kafka;

import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;

import io.harmony.errors.DependencyUnavailableException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Whether the global views (status, tokens, access control) are loaded. Streams is REBALANCING, and its stores already
 * answer, while the global thread still replays them after a start; it reaches RUNNING only after that replay, and
 * the views stay loaded from then on (rebalances do not touch them), so the first RUNNING is remembered. Before it a
 * read would see part of a view: an unknown token is a 503, not a 401, no send passes unchecked, and no registry read
 * or heartbeat answers from a partial registry.
 */
@Singleton
public class ViewsReady {
    @Inject Instance<KafkaStreams> streams;
    private volatile boolean loaded;

    public boolean loaded() {
        if (!loaded) {
            try {
                loaded = streams.get().state() == KafkaStreams.State.RUNNING;
            } catch (RuntimeException e) {
                return false; // Streams not created yet
            }
        }
        return loaded;
    }

    public void requireLoaded(String what) {
        if (!loaded()) {
            throw new DependencyUnavailableException(what + " not loaded yet (start-up); retry shortly", null);
        }
    }
}
