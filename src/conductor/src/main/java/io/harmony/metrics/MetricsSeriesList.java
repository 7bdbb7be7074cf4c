package io.harmony.metrics;

import java.util.List;

/** Answer of GET /metrics: the series of every registered component. */
public record MetricsSeriesList(List<MetricsSeries> components) {
}
