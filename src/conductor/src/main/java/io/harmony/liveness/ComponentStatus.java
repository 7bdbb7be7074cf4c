package io.harmony.liveness;

import java.time.Instant;
import java.util.List;
import java.util.Map;


/**
 * One component in the liveness view: its registration, status and latest beat. The value on the compacted
 * harmony.status (key component_id), which every replica materializes and answers reads from.
 */
public record ComponentStatus(String componentId, String component, String version, String host, int port,
        Status status, List<String> capabilities, String healthCheckUrl, Map<String, String> metadata,
        Instant lastHeartbeat, Instant registeredAt, Instant statusSince, ReportedStatus reportedStatus,
        Map<String, Double> metrics) {

    static ComponentStatus registered(Registration r, Instant at) {
        return new ComponentStatus(r.componentId(), r.component(), r.version(), r.host(), r.port(), Status.HEALTHY,
                r.capabilities(), r.healthCheckUrl(), r.metadata(), r.registeredAt(), r.registeredAt(), at, null, Map.of());
    }

    /** The {@code /services/{id}} object. */
    public Registration toRegistration() {
        return new Registration(componentId, component, version, host, port, status, capabilities, healthCheckUrl,
                metadata, lastHeartbeat, registeredAt);
    }

    ComponentStatus withRegistration(Registration r) {
        return new ComponentStatus(componentId, r.component(), r.version(), r.host(), r.port(), status, r.capabilities(),
                r.healthCheckUrl(), r.metadata(), lastHeartbeat, r.registeredAt(), statusSince, reportedStatus, metrics);
    }

    ComponentStatus withBeat(Instant at, ReportedStatus reported, Map<String, Double> latestMetrics) {
        return new ComponentStatus(componentId, component, version, host, port, status, capabilities, healthCheckUrl,
                metadata, at, registeredAt, statusSince, reported, latestMetrics);
    }

    ComponentStatus withStatus(Status next, Instant at) {
        return new ComponentStatus(componentId, component, version, host, port, next, capabilities, healthCheckUrl,
                metadata, lastHeartbeat, registeredAt, at, reportedStatus, metrics);
    }
}
