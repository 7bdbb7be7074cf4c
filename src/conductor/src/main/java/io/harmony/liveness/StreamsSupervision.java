package io.harmony.liveness;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Picked up by the Kafka Streams extension before it starts the topology. */
@Singleton
public class StreamsSupervision {
    private static final Logger LOG = Logger.getLogger(StreamsSupervision.class);

    /** Opens the recovery gate when Streams first runs: from then on deadlines are due. */
    @Produces
    @Singleton
    KafkaStreams.StateListener openGateWhenRunning(RecoveryGate gate) {
        return (next, previous) -> {
            if (next == KafkaStreams.State.RUNNING) {
                gate.open();
            }
        };
    }

    /** A failed stream thread is replaced: liveness must keep sweeping after one bad moment. */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler replaceFailedThreads() {
        return error -> {
            LOG.error("Kafka Streams thread failed; replacing it", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }
}
