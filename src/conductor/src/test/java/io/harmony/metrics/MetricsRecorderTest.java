package io.harmony.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The recorder's store writes: one raw entry per point, roll-ups at minute end and flush, rates across a restart, expired
 * points deleted, each component at its own moment.
 */
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

    @Test
    void expiredPointsAreDeletedAtTheComponentsOwnMomentInTheMinute() {
        raw.put(SeriesKeys.of("c-3", T0.minus(Duration.ofHours(2))), new MetricPoint(T0.minus(Duration.ofHours(2)), Map.of("x", 1.0)));
        raw.put(SeriesKeys.of("c-3", T0.minus(Duration.ofMinutes(30))), new MetricPoint(T0.minus(Duration.ofMinutes(30)), Map.of("x", 2.0)));
        MetricsRecorder recorder = recorder();
        long first = MetricsRecorder.firstExpiry("c-3", T0.toEpochMilli());
        assertTrue(first - T0.toEpochMilli() > 1_000, "c-3's moment comes later in the minute than its next beat (the test's premise: a beat 1 s apart is recorded)");
        recorder.process(beat("c-3", T0, 1));
        assertEquals(3, count(raw), "not yet this component's moment: the 2-hour-old point is still there");
        recorder.process(beat("c-3", Instant.ofEpochMilli(first), 2));
        assertNull(raw.get(SeriesKeys.of("c-3", T0.minus(Duration.ofHours(2)))), "older than the raw retention (1 h)");
        assertEquals(3, count(raw), "the 30-minute-old point and the two new ones stay");
    }

    @Test
    void aFleetThatStartsTogetherLooksForExpiredPointsSpreadOverTheMinute() {
        // 1,000 ids as the registry makes them, all first heard of at once (a restart): each tenth of the minute gets
        // its share, within a factor of 1.5 either way, not one burst.
        int[] tenths = new int[10];
        for (int i = 1; i <= 1000; i++) {
            long offset = MetricsRecorder.firstExpiry(String.format("storm-%d-%03d", i % 50, i), T0.toEpochMilli()) - T0.toEpochMilli();
            tenths[(int) (offset * 10 / MetricsRecorder.EXPIRY_PERIOD_MS)]++;
        }
        for (int n : tenths) {
            assertTrue(n >= 67 && n <= 150, () -> "per tenth of the minute: " + java.util.Arrays.toString(tenths));
        }
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
