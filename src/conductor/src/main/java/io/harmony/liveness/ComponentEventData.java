package io.harmony.liveness;

import java.time.Instant;

import io.harmony.events.EventData;

/**
 * The data of component-registered, -degraded, -offline, -recovered and -deregistered. {@code status} is the new
 * status ({@code deregistered} for a deregistration); {@code previousStatus} is absent when there was none.
 */
public record ComponentEventData(String componentId, String component, String status, String previousStatus,
        Instant lastHeartbeat) implements EventData {
}
