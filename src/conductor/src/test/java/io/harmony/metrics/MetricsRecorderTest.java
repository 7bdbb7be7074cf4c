package io.harmony.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.harmony.MockStores;
import io.harmony.kafka.KafkaNames;
import io.harmony.liveness.Heartbeat;

/** The recorder's store writes: one raw entry per point, roll-ups at minute end and flush, rates across a restart. */
class MetricsRecorderTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private MockProcessorContext<String, MetricPoint> context;
    private KeyValueStore<String, MetricPoint> raw;
    private KeyValueStore<String, Rollup> rollups;

    @BeforeEach
    void stores() {
        context = new MockProcessorContext<>();
        raw = MockStores.add(context, KafkaNames.Stores.METRICS_RAW, MetricPoint.class);
        rollups = MockStores.add(context, KafkaNames.Stores.METRICS_ROLLUPS, Rollup.class);
    }

    private MetricsRecorder recorder() {
        var recorder = new MetricsRecorder(Duration.ofHours(1), Duration.ofHours(24), Set.of("errors"), Duration.ofSeconds(1));
        recorder.init(context);
        return recorder;
    }

    private static Record<String, Heartbeat> beat(String id, Instant at, double requestsTotal) {
        return new Record<>(id, new Heartbeat(id, null, null, Map.of("requests_total", requestsTotal)), at.toEpochMilli());
    }

    @Test
    void aRestartedRecorderDerivesRatesFromTheNewestStoredPoint() {
        recorder().process(beat("c-1", T0, 10));
        // a new instance knows nothing in memory, as after a restart or a task moving here
        recorder().process(beat("c-1", T0.plusSeconds(30), 40));
        List<MetricPoint> forwarded = context.forwarded().stream().map(f -> (MetricPoint) f.record().value()).toList();
        assertEquals(2, forwarded.size());
        assertNull(forwarded.get(0).metrics().get("requests_per_minute"));
        assertEquals(60.0, forwarded.get(1).metrics().get("requests_per_minute"), 1e-9);
        assertEquals(2, count(raw));
    }

    @Test
    void theOpenMinutesRollupIsWrittenAtTheFlushAndWhenItsMinuteEnds() {
        MetricsRecorder recorder = recorder();
        recorder.process(beat("c-2", T0.plusSeconds(1), 1));
        recorder.process(beat("c-2", T0.plusSeconds(2), 2));
        assertEquals(0, count(rollups), "a beat writes its raw point only");

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0.plusSeconds(5).toEpochMilli());
        Rollup first = rollups.get(SeriesKeys.of("c-2", T0));
        assertEquals(2, first.stats().get("requests_total").count());

        recorder.process(beat("c-2", T0.plusSeconds(3), 3));
        recorder.process(beat("c-2", T0.plusSeconds(61), 4)); // the next minute: the one before is complete
        Rollup complete = rollups.get(SeriesKeys.of("c-2", T0));
        assertEquals(3, complete.stats().get("requests_total").count());
        assertEquals(3.0, complete.stats().get("requests_total").last());
        assertNull(rollups.get(SeriesKeys.of("c-2", T0.plusSeconds(60))), "the new minute waits for the flush");

        recorder.close(); // a clean stop writes what is open
        assertEquals(1, rollups.get(SeriesKeys.of("c-2", T0.plusSeconds(60))).stats().get("requests_total").count());
    }

    private static int count(KeyValueStore<String, ?> store) {
        int n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
