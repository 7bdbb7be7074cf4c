package io.harmony.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

import io.harmony.liveness.RecoveryGate;

/**
 * Stopping a conductor whose broker never answered. Kafka Streams' global thread initializes against the broker and
 * heeds no shutdown while it does (it retries for task.timeout.ms, 5 minutes), and Quarkus closes Streams without a
 * bound: SIGTERM waited 5 minutes. StreamsClientSupplier's shutdown observer wakes the global consumer first.
 */
class StreamsShutdownTest {

    @Test
    void streamsThatNeverRanCloseWithinSecondsWhenTheBrokerNeverAnswered() throws Exception {
        int nobody;
        try (ServerSocket free = new ServerSocket(0)) {
            nobody = free.getLocalPort(); // closed again: connections to it are refused, as to a broker that is down
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "shutdown-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + nobody);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("streams-shutdown-").toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable("shutdown-test-view", Consumed.with(Serdes.String(), Serdes.String()));

        RecoveryGate gate = new RecoveryGate(); // never opened: Streams never ran
        StreamsClientSupplier supplier = new StreamsClientSupplier(Duration.ZERO, gate);
        KafkaStreams streams = new KafkaStreams(builder.build(), props, supplier);
        // start() returns once the global thread has initialized, so Quarkus calls it on an executor thread, as here
        Thread starter = new Thread(() -> {
            try {
                streams.start();
            } catch (RuntimeException expected) {
                // the woken initialization fails, and start() with it
            }
        }, "starter");
        starter.setDaemon(true);
        starter.start();

        long start = System.nanoTime();
        supplier.onStop(null); // what the ShutdownEvent runs, before Quarkus' own close()
        // close() first waits for start() to return, which waits for the global thread: without the wake-up that was
        // task.timeout.ms (5 minutes), and this close ended after 361 s; with it, within a second
        boolean closed = streams.close(Duration.ofSeconds(60));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(closed && ms < 60_000, "Kafka Streams closed: " + closed + ", after " + ms + " ms");
        starter.join(Duration.ofSeconds(10).toMillis());
        assertFalse(starter.isAlive(), "start() still waits for the global thread");
    }
}
