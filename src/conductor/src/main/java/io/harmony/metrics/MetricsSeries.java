package io.harmony.metrics;

import java.util.List;

/** Answer of GET /metrics/{component_id}: one component's points in time order. */
public record MetricsSeries(String componentId, List<SeriesPoint> points) {
}
