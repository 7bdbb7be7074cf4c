package io.harmony.metrics;

import java.time.Duration;
import java.util.Set;

import io.harmony.config.HarmonyConfig;

/** Retention, counters and pacing of the metrics history (harmony.metrics.*), as the recorder needs them. */
public record MetricsSettings(Duration rawRetention, Duration rollupRetention, Set<String> counters, Duration minInterval) {
    public static MetricsSettings from(HarmonyConfig config) {
        return new MetricsSettings(config.metrics().rawRetention(), config.metrics().rollupRetention(),
                Set.copyOf(config.metrics().counters()), config.metrics().minInterval());
    }
}
