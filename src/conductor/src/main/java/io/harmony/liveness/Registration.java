package io.harmony.liveness;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One registered instance: the {@code /services/{id}} object, and the value on harmony.registrations (key component_id).
 *
 * @param failureDetector as registered, its phi settings filled in; absent when the component named none
 * @param phi the current φ, computed when read, for components phi watches; absent under the fixed rule (and on
 *        harmony.registrations)
 */
public record Registration(String componentId, String component, String version, String host, int port, Status status,
        List<String> capabilities, String healthCheckUrl, Map<String, String> metadata, Instant lastHeartbeat,
        Instant registeredAt, FailureDetector failureDetector, Double phi) {

    /** A registration with the conductor's default detector (the shape before failure detectors existed). */
    public Registration(String componentId, String component, String version, String host, int port, Status status,
            List<String> capabilities, String healthCheckUrl, Map<String, String> metadata, Instant lastHeartbeat,
            Instant registeredAt) {
        this(componentId, component, version, host, port, status, capabilities, healthCheckUrl, metadata, lastHeartbeat,
                registeredAt, null, null);
    }
}
