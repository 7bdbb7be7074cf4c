package io.harmony.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One minute of one component's metrics: min, max, sum, count and last per metric. {@code timestamp} is the start of the
 * minute. Stored as is; answered as a point whose {@code metrics} are the averages.
 */
public record Rollup(Instant timestamp, Map<String, Stat> stats) {

    public record Stat(double min, double max, double sum, long count, double last) {
        Stat add(double v) {
            return new Stat(Math.min(min, v), Math.max(max, v), sum + v, count + 1, v);
        }

        static Stat of(double v) {
            return new Stat(v, v, v, 1, v);
        }
    }

    static Rollup empty(Instant minute) {
        return new Rollup(minute, new LinkedHashMap<>());
    }

    Rollup add(Map<String, Double> metrics) {
        Map<String, Stat> next = new LinkedHashMap<>(stats);
        metrics.forEach((name, v) -> next.merge(name, Stat.of(v), (old, one) -> old.add(v)));
        return new Rollup(timestamp, next);
    }

    /** The wire form: {timestamp, resolution, metrics (avg), min, max, last, count}. */
    SeriesPoint toPoint() {
        Map<String, Double> avg = new LinkedHashMap<>();
        Map<String, Double> min = new LinkedHashMap<>();
        Map<String, Double> max = new LinkedHashMap<>();
        Map<String, Double> last = new LinkedHashMap<>();
        long count = 0;
        for (var e : stats.entrySet()) {
            Stat s = e.getValue();
            avg.put(e.getKey(), s.sum() / s.count());
            min.put(e.getKey(), s.min());
            max.put(e.getKey(), s.max());
            last.put(e.getKey(), s.last());
            count = Math.max(count, s.count());
        }
        return new SeriesPoint(timestamp, "1m", avg, min, max, last, count);
    }
}
