package io.harmony.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import io.harmony.liveness.ComponentStatus;

/**
 * One component on GET /dashboard: status and uptime, then its latest metrics as top-level fields, as the component
 * reported them. {@code requests_total} and {@code errors} are always there (0.0 until reported); a reported value
 * takes their place.
 */
@Schema(additionalProperties = Double.class) // the other latest metrics, by name (@JsonAnyGetter)
public record DashboardEntry(String componentId, String component, String status, long uptimeSeconds,
        Instant lastHeartbeat, Double requestsTotal, Double errors, @JsonIgnore Map<String, Double> metrics) {

    private static final String REQUESTS_TOTAL = "requests_total";
    private static final String ERRORS = "errors";

    static DashboardEntry of(ComponentStatus c, Instant now) {
        Map<String, Double> latest = c.metrics() == null ? Map.of() : c.metrics();
        Map<String, Double> others = new LinkedHashMap<>(latest);
        others.keySet().removeAll(List.of("component_id", "component", "status", "uptime_seconds",
                "last_heartbeat", REQUESTS_TOTAL, ERRORS));
        return new DashboardEntry(c.componentId(), c.component(), c.status().wire(),
                Math.max(0, Duration.between(c.registeredAt(), now).toSeconds()), c.lastHeartbeat(),
                latest.getOrDefault(REQUESTS_TOTAL, 0.0), latest.getOrDefault(ERRORS, 0.0), others);
    }

    /** The other latest metrics, after the fixed fields (a name equal to a fixed field's does not repeat it). */
    @JsonAnyGetter
    Map<String, Double> otherMetrics() {
        return metrics;
    }
}
