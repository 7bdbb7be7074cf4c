package io.harmony.liveness;

import jakarta.inject.Singleton;

/**
 * Opens when Kafka Streams first reaches RUNNING, the moment /health turns 200: the "recovery" of CONTRACT.md.
 * Until then the sweeper applies no transition, because a view that is still restoring or rebalancing must never
 * turn the conductor's own downtime into a component's silence.
 */
@Singleton
public class RecoveryGate {
    private volatile boolean open;

    /** Called once the view is live (StreamsSupervision); a topology test without KafkaStreams opens it itself. */
    public void open() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }
}
