package io.harmony.liveness;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import jakarta.inject.Singleton;

/**
 * How late this replica's liveness tasks turn a silent component degraded: transition time minus deadline. Exported
 * as {@code harmony_detection_lag_seconds} (a histogram, for a cluster-wide p99 in Prometheus) and its p99 on the
 * dashboard. Recorded only for deadline transitions, not for a component that reported itself unhealthy.
 */
@Singleton
public class DetectionLag {
    private final Timer timer;

    DetectionLag(MeterRegistry meters) {
        this.timer = Timer.builder("harmony.detection.lag")
                .description("Time from a silent component's deadline to its transition to degraded, on this replica")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofMillis(1)).maximumExpectedValue(java.time.Duration.ofSeconds(30))
                .register(meters);
    }

    public void record(long lagMs) {
        timer.record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
    }

    /** The p99 of the recent window (Micrometer's decaying histogram), null before any detection. */
    public Double p99Seconds() {
        if (timer.count() == 0) {
            return null;
        }
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.99) {
                return v.value(TimeUnit.SECONDS);
            }
        }
        return null;
    }
}
