package io.harmony.liveness;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One registered instance: the {@code /services/{id}} object, and the value on harmony.registrations (key component_id).
 */
public record Registration(String componentId, String component, String version, String host, int port, Status status,
        List<String> capabilities, String healthCheckUrl, Map<String, String> metadata, Instant lastHeartbeat,
        Instant registeredAt) {
}
