package io.harmony.liveness;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.harmony.config.InvalidInputException;

/** Body of POST /heartbeat and value on harmony.heartbeats (key component_id). */
public record Heartbeat(String componentId,
        @JsonDeserialize(using = LenientInstant.class) Instant timestamp, // Z, an offset, or no zone (= UTC)
        ReportedStatus status,
        Map<String, Double> metrics) {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_METRICS = 256;

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

    /**
     * The checks POST /heartbeat makes before a beat goes to Kafka, in Bean Validation's words. Written out rather than
     * declared as constraints: this is the hottest request, and method validation was 22 % of the event loops'
     * allocation at 2,000 beats/s (async-profiler) for three checks. Records produced straight to Kafka are not
     * checked here: the topology keys them by the record key, as before.
     */
    public static Heartbeat requireValid(Heartbeat beat) {
        if (beat == null) {
            throw new InvalidInputException(null, "a JSON object body is required");
        }
        String id = beat.componentId();
        if (id == null) {
            throw new InvalidInputException("component_id", "component_id must not be null");
        }
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException("component_id", "component_id size must be between 1 and " + MAX_ID_LENGTH);
        }
        if (beat.metrics() != null) {
            if (beat.metrics().size() > MAX_METRICS) {
                throw new InvalidInputException("metrics", "metrics size must be between 0 and " + MAX_METRICS);
            }
            beat.metrics().forEach((name, value) -> {
                if (value == null) {
                    throw new InvalidInputException("metrics." + name, "metrics." + name + " must not be null");
                }
            });
        }
        return beat;
    }
}
