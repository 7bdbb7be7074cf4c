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
     * clean start, much of it waiting on the broker) then run beside the set-up of our tails, subscribers and
     * channels instead of after it: /health answered ~0.3 s sooner.
     */
    public static final int AFTER_STREAMS = Interceptor.Priority.APPLICATION + 600;

    private StartOrder() {
    }
}
