package io.harmony.liveness;

import java.time.Instant;
import java.util.List;
import java.util.Map;


import io.harmony.commands.CommandResult;
import io.harmony.errors.InvalidInputException;

/** Body of POST /heartbeat and value on harmony.heartbeats (key component_id). */
public record Heartbeat(String componentId,
        Instant timestamp, // Z, an offset, or no zone (= UTC)
        ReportedStatus status,
        Map<String, Double> metrics,
        List<CommandResult> commandResults) { // outcomes of heartbeat commands handed out by earlier acks

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_METRICS = 256;
    static final int MAX_METRIC_NAME = 128;
    static final int MAX_RESULTS = 100;

    /** A beat without command results (the shape before heartbeat commands existed). */
    public Heartbeat(String componentId, Instant timestamp, ReportedStatus status, Map<String, Double> metrics) {
        this(componentId, timestamp, status, metrics, null);
    }

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
                // a name becomes a series key and a Prometheus family (harmony_component_<name>): none empty or unbounded
                if (name.isEmpty() || name.length() > MAX_METRIC_NAME) {
                    throw new InvalidInputException("metrics", "a metric name must be 1-" + MAX_METRIC_NAME + " characters");
                }
                if (value == null) {
                    throw new InvalidInputException("metrics." + name, "metrics." + name + " must not be null");
                }
            });
        }
        List<CommandResult> results = beat.commandResults();
        if (results != null) {
            if (results.size() > MAX_RESULTS) {
                throw new InvalidInputException("command_results", "command_results size must be between 0 and " + MAX_RESULTS);
            }
            for (int i = 0; i < results.size(); i++) {
                CommandResult.requireValid(results.get(i), i);
            }
        }
        return beat;
    }
}
