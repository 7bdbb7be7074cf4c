package io.harmony.embedded;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.harmony.config.StartOrder;
import io.quarkus.runtime.StartupEvent;

/**
 * The embedded broker starts beside Quarkus, not before it (its address is known first). This observer runs ahead of
 * every other start-up observer (priority 0; the topic setup is 1), so no Kafka client's first call backs off against
 * a broker still starting. With an external Kafka, or in tests, it returns at once.
 */
@Singleton
class KafkaReadiness {
    static final Duration LIMIT = Duration.ofSeconds(120);

    void awaitBroker(@Observes @Priority(StartOrder.BROKER) StartupEvent event) {
        EmbeddedInfra.awaitKafka(LIMIT);
    }
}
