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

    /** A gate that is open from the start, for topology tests that run without KafkaStreams. */
    public static RecoveryGate opened() {
        RecoveryGate gate = new RecoveryGate();
        gate.open();
        return gate;
    }

    void open() {
        open = true;
    }

    boolean isOpen() {
        return open;
    }
}
