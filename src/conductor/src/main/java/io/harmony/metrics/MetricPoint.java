package io.harmony.metrics;

import java.time.Instant;
import java.util.Map;

/** One heartbeat's metrics at the beat's time (its LogAppendTime), with the derived {@code *_per_minute} rates. */
public record MetricPoint(Instant timestamp, Map<String, Double> metrics) {
}
