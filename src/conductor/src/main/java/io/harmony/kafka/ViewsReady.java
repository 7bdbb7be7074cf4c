package io.harmony.kafka;

import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;

import io.harmony.errors.DependencyUnavailableException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Whether the global views (status, tokens, access control, ...) are loaded. Streams is REBALANCING, and its stores
 * already answer, while the global thread still replays them after a start; a read then would see part of a view: an
 * unknown token would be a 401, a send could pass unchecked, a registry read or heartbeat would miss a component.
 * The views are loaded once every partition of each is replayed ({@link GlobalRestores}), which after a restart comes
 * a second or more before the tasks have restored theirs and Streams is RUNNING; RUNNING also counts, for when the
 * partition counts could not be read. Rebalances do not touch the views, so once loaded they stay loaded.
 */
@Singleton
public class ViewsReady {
    @Inject Instance<KafkaStreams> streams;
    @Inject GlobalRestores restores;
    @Inject KafkaClients kafka;
    private volatile boolean loaded;

    public boolean loaded() {
        if (!loaded) {
            loaded = restores.allReplayed(kafka.viewPartitions()) || running();
        }
        return loaded;
    }

    private boolean running() {
        try {
            return streams.get().state() == KafkaStreams.State.RUNNING;
        } catch (RuntimeException e) {
            return false; // Streams not created yet
        }
    }

    public void requireLoaded(String what) {
        if (!loaded()) {
            throw new DependencyUnavailableException(what + " not loaded yet (start-up); retry shortly", null);
        }
    }
}
