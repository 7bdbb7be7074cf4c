package io.harmony.api;

import java.time.Instant;
import java.util.List;

import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.Status;

/**
 * Answer of GET /dashboard. {@code overall_status} is {@code healthy} when all are healthy, {@code degraded} when any
 * is not, {@code empty} when none is registered.
 */
public record Dashboard(Instant timestamp, String overallStatus, List<DashboardEntry> components, Double detectionLagP99Seconds) {

    /** {@code detectionLagP99} is this replica's p99 detection lag (DetectionLag), null before its first detection. */
    static Dashboard of(List<ComponentStatus> all, Instant now, Double detectionLagP99) {
        String overall = all.isEmpty() ? "empty"
                : all.stream().allMatch(c -> c.status() == Status.HEALTHY) ? "healthy" : "degraded";
        return new Dashboard(now, overall, all.stream().map(c -> DashboardEntry.of(c, now)).toList(), detectionLagP99);
    }
}
