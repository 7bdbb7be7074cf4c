package io.harmony.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

import io.harmony.liveness.RecoveryGate;

/**
 * The pacing of the stream thread's main consumer, on Kafka's MockConsumer: what is tested is only when poll is
 * called through, not Kafka (the conductor's tests run the real consumer against a real broker).
 */
class StreamsClientSupplierTest {

    private static final TopicPartition BEATS = new TopicPartition("harmony.heartbeats", 0);

    private final MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
    private long offset;

    StreamsClientSupplierTest() {
        mock.assign(List.of(BEATS));
        mock.updateBeginningOffsets(Map.of(BEATS, 0L));
    }

    private void arrive() {
        mock.addRecord(new ConsumerRecord<>(BEATS.topic(), BEATS.partition(), offset++, new byte[0], new byte[0]));
    }

    @Test
    void aPollAfterOneWithRecordsWaitsOutTheWindowAndGetsWhatArrivedMeanwhile() {
        Duration window = Duration.ofMillis(300);
        Consumer<byte[], byte[]> paced = StreamsClientSupplier.paced(mock, window);
        arrive();
        assertEquals(1, paced.poll(Duration.ofSeconds(1)).count());
        long returned = System.nanoTime();
        arrive();
        arrive();
        var next = paced.poll(Duration.ofSeconds(1));
        long waited = System.nanoTime() - returned;
        assertEquals(2, next.count(), "both records that came during the window, in one poll");
        assertTrue(waited >= window.toNanos(), "waited " + waited / 1_000_000 + " ms, window 300 ms");
    }

    @Test
    void aPollAfterAnEmptyOneDoesNotWait() {
        Consumer<byte[], byte[]> paced = StreamsClientSupplier.paced(mock, Duration.ofSeconds(30));
        arrive();
        assertEquals(1, paced.poll(Duration.ZERO).count());
        assertEquals(0, paced.poll(Duration.ZERO).count(), "nothing came: waited at most the poll's own timeout (0)");
        arrive();
        long start = System.nanoTime();
        assertEquals(1, paced.poll(Duration.ZERO).count());
        // A quiet input is read at once: a 30 s window applied here would hang the test far past this bound.
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void theWaitNeverExceedsThePollsOwnTimeout() {
        Consumer<byte[], byte[]> paced = StreamsClientSupplier.paced(mock, Duration.ofSeconds(30));
        arrive();
        assertEquals(1, paced.poll(Duration.ZERO).count());
        long start = System.nanoTime();
        arrive();
        assertEquals(1, paced.poll(Duration.ofMillis(50)).count(), "the poll's timeout (50 ms) bounds the wait, not the window");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void everyOtherCallGoesThroughAndTheConsumersOwnExceptionsStayTheirs() {
        Consumer<byte[], byte[]> paced = StreamsClientSupplier.paced(mock, Duration.ofMillis(10));
        assertEquals(mock.assignment(), paced.assignment());
        paced.pause(List.of(BEATS));
        assertEquals(mock.paused(), paced.paused());
        // Streams catches these by type (a wakeup on close, an unassigned partition): a proxy must not wrap them.
        mock.wakeup();
        assertThrows(WakeupException.class, () -> paced.poll(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> paced.position(new TopicPartition("unassigned", 0)));
    }

    @Test
    void aZeroWindowLeavesTheConsumerAsStreamsMadeIt() {
        var supplier = new StreamsClientSupplier(Duration.ZERO, new RecoveryGate());
        var config = Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9", "group.id", "pacing-test");
        try (var consumer = supplier.getConsumer(config)) {
            assertTrue(consumer instanceof org.apache.kafka.clients.consumer.KafkaConsumer, consumer.getClass().getName());
        }
        var paced = new StreamsClientSupplier(Duration.ofMillis(10), new RecoveryGate());
        try (var consumer = paced.getConsumer(config)) {
            assertTrue(java.lang.reflect.Proxy.isProxyClass(consumer.getClass()));
        }
    }
}
