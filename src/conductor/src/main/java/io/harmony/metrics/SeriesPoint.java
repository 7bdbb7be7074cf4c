package io.harmony.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * One point of a metrics series as answered: a raw point is {@code {timestamp, metrics}}; a one-minute roll-up adds
 * {@code resolution: "1m"}, and {@code metrics} are then the averages, with {@code min}, {@code max}, {@code last}
 * and {@code count} beside them. The fields a raw point lacks are null, so they are not written.
 */
public record SeriesPoint(Instant timestamp, String resolution, Map<String, Double> metrics, Map<String, Double> min,
        Map<String, Double> max, Map<String, Double> last, Long count) {

    static SeriesPoint raw(MetricPoint p) {
        return new SeriesPoint(p.timestamp(), null, p.metrics(), null, null, null, null);
    }
}
