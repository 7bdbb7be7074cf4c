package io.harmony.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.harmony.kafka.KafkaNames.Stores;
import io.harmony.liveness.Heartbeat;

/**
 * Turns each heartbeat's metrics into a point of the component's history: raw points (kept {@code rawRetention}) and
 * one-minute roll-ups (kept {@code rollupRetention}), both in changelogged stores of the task that owns the component,
 * so the history moves with the task and survives restarts. Counters get a derived {@code <name>_per_minute} rate.
 * Each point is forwarded, so alert rules see the derived rates too.
 * <p>
 * A point costs one store write (its raw entry, and so one changelog record): every store write is a record the broker
 * appends on the same cores as the heartbeat path (measured: recording no metrics at all took 1-2 ms off the heartbeat
 * p99 at 2,000/s). So the previous point (for rates) is the newest raw entry, and the open minute's roll-up is written
 * when its minute closes and every {@link #ROLLUP_FLUSH} meanwhile.
 */
public class MetricsRecorder implements Processor<String, Heartbeat, String, MetricPoint> {
    /**
     * Bound the decoded copies below: components that deregistered or fell silent long ago drop out. A point's copy
     * is small (its time and counters), a roll-up's is not (a map of five figures per metric, ~400 bytes): past 4,000
     * components per task a beat may read its minute's roll-up from the store, so the heap stops growing with the fleet.
     */
    private static final int POINT_COPIES_PER_TASK = 20_000;
    private static final int ROLLUP_COPIES_PER_TASK = 4_000;
    /**
     * How stale the stored roll-up of a minute still open may be: a 1m query sees the current minute this late, and a
     * crash loses at most this much of its aggregate (the raw points, written per point, lose nothing).
     */
    static final Duration ROLLUP_FLUSH = Duration.ofSeconds(5);
    /**
     * How often a component's expired entries are looked for. Each component looks at its own moment in the period,
     * set by its id ({@link #firstExpiry}): a fleet that begins beating within one interval (after a restart, or a
     * deployment) would otherwise look all at once, every period, two range scans per component in one burst.
     */
    static final long EXPIRY_PERIOD_MS = 60_000;
    /** The time of the last possible key of a component's series: 13 nines sort after every real time. */
    private static final long END_OF_TIME = 9_999_999_999_999L;

    private final Duration rawRetention;
    private final Duration rollupRetention;
    private final Set<String> counters;
    private final long minIntervalMs;
    /**
     * When each component's expired entries were last looked for: an optimization only, so it may be lost, and bounded
     * like the copies (it only hears beats, never a deregistration, so unbounded it kept every id a task ever saw).
     */
    private final Map<String, Long> nextExpiry = recentlyUsed(POINT_COPIES_PER_TASK);
    /**
     * Each component's newest point (only what the next beat's rates need: its time and counters) and the roll-up of
     * its current minute, as last written to their stores: a beat reads them here instead of decoding them from the
     * stores. Only this task writes those keys, so the copies cannot go stale; losing them (a restart, the task
     * moving, the bound) only means reading the stores once.
     */
    private final Map<String, MetricPoint> lastWritten = recentlyUsed(POINT_COPIES_PER_TASK);
    private final Map<String, Rollup> openRollups = recentlyUsed(ROLLUP_COPIES_PER_TASK);
    /** Open roll-ups changed since they were last written, by component (written at the next flush or minute end). */
    private final Map<String, Rollup> unwrittenRollups = new HashMap<>();
    private ProcessorContext<String, MetricPoint> context;
    private KeyValueStore<String, MetricPoint> raw;
    private KeyValueStore<String, Rollup> rollups;

    /**
     * @param minInterval a beat closer than this to the component's last recorded point is not recorded (nor
     *        evaluated): a component beating far faster than its interval must not multiply the history's writes
     */
    public MetricsRecorder(Duration rawRetention, Duration rollupRetention, Set<String> counters, Duration minInterval) {
        this.rawRetention = rawRetention;
        this.rollupRetention = rollupRetention;
        this.counters = counters;
        this.minIntervalMs = minInterval.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, MetricPoint> context) {
        this.context = context;
        this.raw = context.getStateStore(Stores.METRICS_RAW);
        this.rollups = context.getStateStore(Stores.METRICS_ROLLUPS);
        context.schedule(ROLLUP_FLUSH, PunctuationType.WALL_CLOCK_TIME, now -> writeRollups());
    }

    @Override
    public void process(Record<String, Heartbeat> beat) {
        String id = beat.key();
        if (id == null || beat.value() == null || beat.value().metrics() == null || beat.value().metrics().isEmpty()) {
            return;
        }
        Instant at = Instant.ofEpochMilli(beat.timestamp());
        MetricPoint previous = lastWritten.get(id);
        if (previous == null) {
            previous = newestRaw(id);
        }
        if (previous != null && at.toEpochMilli() - previous.timestamp().toEpochMilli() < minIntervalMs) {
            return;
        }
        Map<String, Double> reported = new LinkedHashMap<>();
        beat.value().metrics().forEach((k, v) -> {
            if (v != null) {
                reported.put(k, v);
            }
        });
        MetricPoint point = new MetricPoint(at, Rates.withRates(reported, previous, at, counters));
        lastWritten.put(id, new MetricPoint(at, Rates.countersOf(point.metrics(), counters)));
        raw.put(SeriesKeys.of(id, at), point);
        Instant minute = Instant.ofEpochMilli(at.toEpochMilli() - Math.floorMod(at.toEpochMilli(), 60_000L));
        Rollup rollup = openRollups.get(id);
        if (rollup == null || !rollup.timestamp().equals(minute)) {
            writeRollup(id); // the minute before is complete (or its copy was dropped): store it before reading
            rollup = rollups.get(SeriesKeys.of(id, minute));
        }
        Rollup next = (rollup == null ? Rollup.empty(minute) : rollup).add(point.metrics());
        openRollups.put(id, next);
        unwrittenRollups.put(id, next);
        // Entries expire one by one as time passes: looking once a period per component is enough.
        if (at.toEpochMilli() >= nextExpiry.computeIfAbsent(id, c -> firstExpiry(c, at.toEpochMilli()))) {
            nextExpiry.put(id, at.toEpochMilli() + EXPIRY_PERIOD_MS);
            expire(raw, id, at.minus(rawRetention));
            expire(rollups, id, at.minus(rollupRetention));
        }
        context.forward(beat.withValue(point));
    }

    /** The component's newest recorded point (the previous one for its rates), null if it has none. */
    private MetricPoint newestRaw(String id) {
        try (KeyValueIterator<String, MetricPoint> it = raw.reverseRange(SeriesKeys.of(id, 0), SeriesKeys.of(id, END_OF_TIME))) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    private void writeRollup(String id) {
        Rollup open = unwrittenRollups.remove(id);
        if (open != null) {
            store(id, open);
        }
    }

    private void writeRollups() {
        unwrittenRollups.forEach(this::store);
        unwrittenRollups.clear();
    }

    private void store(String id, Rollup rollup) {
        rollups.put(SeriesKeys.of(id, rollup.timestamp()), rollup);
    }

    @Override
    public void close() {
        writeRollups(); // a clean stop (shutdown, task moving away) keeps every point's roll-up
    }

    private static <V> Map<String, V> recentlyUsed(int bound) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > bound;
            }
        };
    }

    /** When a component first heard of at {@code nowMs} first looks for expired entries: within one period, by its id. */
    static long firstExpiry(String id, long nowMs) {
        return nowMs + Math.floorMod(id.hashCode() * 0x9E3779B1L, EXPIRY_PERIOD_MS);
    }

    /** Deletes this component's entries older than {@code cutoff}; at most a few per beat, as they expire one by one. */
    private static <V> void expire(KeyValueStore<String, V> store, String id, Instant cutoff) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.range(SeriesKeys.of(id, 0), SeriesKeys.of(id, cutoff.toEpochMilli() - 1))) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                old.add(kv.key);
            }
        }
        old.forEach(store::delete);
    }

    /** Derived per-minute rates of counters. */
    static final class Rates {
        private Rates() {
        }

        /**
         * The reported metrics plus {@code <name>_per_minute} for each counter (a name ending in {@code _total}, or
         * listed in {@code counters}) that was also in the previous point. A counter that dropped was reset (the
         * component restarted): its increase since the reset is its new value. A rate the component reports itself wins.
         */
        static Map<String, Double> withRates(Map<String, Double> reported, MetricPoint previous, Instant at, Set<String> counters) {
            Map<String, Double> all = new LinkedHashMap<>(reported);
            if (previous == null || !at.isAfter(previous.timestamp())) {
                return all;
            }
            double minutes = Duration.between(previous.timestamp(), at).toMillis() / 60_000.0;
            Map<String, Double> derived = new HashMap<>();
            reported.forEach((name, value) -> {
                if (!isCounter(name, counters)) {
                    return;
                }
                Double before = previous.metrics().get(name);
                if (before == null) {
                    return;
                }
                double increase = value >= before ? value - before : value;
                derived.put(rateName(name), increase / minutes);
            });
            derived.forEach(all::putIfAbsent);
            return all;
        }

        /** Just the counters of a point's metrics, all a later point's rates read from it; compact and immutable. */
        static Map<String, Double> countersOf(Map<String, Double> metrics, Set<String> counters) {
            Map<String, Double> only = new HashMap<>();
            metrics.forEach((name, value) -> {
                if (isCounter(name, counters)) {
                    only.put(name, value);
                }
            });
            return Map.copyOf(only);
        }

        static boolean isCounter(String name, Set<String> counters) {
            return name.endsWith("_total") || counters.contains(name);
        }

        static String rateName(String counter) {
            String base = counter.endsWith("_total") ? counter.substring(0, counter.length() - "_total".length()) : counter;
            return base + "_per_minute";
        }
    }
}
