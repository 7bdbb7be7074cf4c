package io.harmony.config;

import jakarta.interceptor.Interceptor;

/** The order of our start-up observers: {@code @Observes @Priority(...) StartupEvent}, the lower first. */
public final class StartOrder {
    /** The embedded broker serves before any client's first call (KafkaReadiness). */
    public static final int BROKER = 0;
    /** Our topics exist before anything produces or consumes them (KafkaClients). */
    public static final int TOPICS = 1;
    /**
     * After Quarkus' own Kafka Streams observer (the default priority, APPLICATION + 500), which only hands
     * {@code KafkaStreams.start()} to an executor. Streams' global restore, rebalance and store set-up (~1 s of a
     * clean start) then run beside the set-up of our tails, subscribers and channels instead of after it: Streams
     * started ~0.6 s sooner. Alone this bought little, since its global thread then waited longer for the broker to
     * lead the topics created a moment before; with the uber-jar and lazy serdes it is part of 4.21 -> 3.57 s.
     * Events cannot be lost to the order: Streams writes none before it is RUNNING, ~1 s after these observers ran.
     */
    public static final int AFTER_STREAMS = Interceptor.Priority.APPLICATION + 600;

    private StartOrder() {
    }
}
