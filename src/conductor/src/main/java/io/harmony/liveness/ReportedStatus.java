package io.harmony.liveness;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a component says of itself in a heartbeat; degraded and unhealthy both show as degraded. */
public enum ReportedStatus {
    HEALTHY, DEGRADED, UNHEALTHY;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
