package io.harmony.liveness;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.harmony.config.InvalidInputException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of POST /heartbeat and value on harmony.heartbeats (key component_id). */
public record Heartbeat(@NotNull @Size(min = 1, max = 128) String componentId,
        @JsonDeserialize(using = LenientInstant.class) Instant timestamp, // Z, an offset, or no zone (= UTC)
        ReportedStatus status,
        @Size(max = 256) Map<String, @NotNull Double> metrics) {

    public Heartbeat {
        // Jackson reads 1e400 as Infinity; CONTRACT.md wants every non-finite number refused.
        if (metrics != null) {
            metrics.forEach((name, value) -> {
                if (value != null && !Double.isFinite(value)) {
                    throw new InvalidInputException("metrics." + name, "must be a finite number");
                }
            });
        }
    }
}
