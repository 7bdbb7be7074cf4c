package io.harmony.liveness;

import com.fasterxml.jackson.annotation.JsonValue;

import io.harmony.errors.InvalidInputException;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * How a component's silence becomes degraded: the fixed M x I rule, or phi accrual (Hayashibara et al., SRDS 2004, as
 * in Akka and Cassandra) with its settings. The optional {@code failure_detector} of POST /register, kept in the
 * registration; a phi setting left out is the conductor's ({@code harmony.liveness.phi.*}, Akka's defaults).
 */
public record FailureDetector(
        @NotNull Type type,
        // φ = -log10(chance that the beat is still coming): 8 suspects wrongly once in 10^8; past 100 means nothing
        @Positive @DecimalMax("100") Double threshold,
        // how many recent intervals the mean and std dev follow (an exponential window: BeatHistory)
        @Min(1) @Max(100_000) Integer window,
        // a floor under the observed std dev, so a very regular component is not suspected at its first late beat
        @Min(1) @Max(3_600_000) Long minStdDevMs,
        // silence accepted on top of the mean interval (a GC pause, a lost beat) before φ starts to rise
        @Min(0) @Max(3_600_000) Long acceptablePauseMs) {

    /** Akka's defaults (akka.cluster.failure-detector), and the conductor's unless configured otherwise. */
    public static final FailureDetector PHI_DEFAULTS = new FailureDetector(Type.PHI, 8.0, 1000, 100L, 3000L);

    public enum Type {
        FIXED, PHI;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code fixed} or {@code phi}, as in harmony.liveness.failure-detector. */
        public static Type parse(String value) {
            for (Type t : values()) {
                if (t.wire().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("failure detector must be fixed or phi, not " + value);
        }
    }

    public static FailureDetector phi(double threshold, int window, long minStdDevMs, long acceptablePauseMs) {
        return new FailureDetector(Type.PHI, threshold, window, minStdDevMs, acceptablePauseMs);
    }

    public boolean isPhi() {
        return type == Type.PHI;
    }

    /** With every phi setting this one leaves out taken from {@code defaults}; a fixed detector stays bare. */
    public FailureDetector withDefaults(FailureDetector defaults) {
        if (!isPhi() || (threshold != null && window != null && minStdDevMs != null && acceptablePauseMs != null)) {
            return this;
        }
        return new FailureDetector(type, threshold != null ? threshold : defaults.threshold(),
                window != null ? window : defaults.window(), minStdDevMs != null ? minStdDevMs : defaults.minStdDevMs(),
                acceptablePauseMs != null ? acceptablePauseMs : defaults.acceptablePauseMs());
    }

    /** A fixed detector naming a phi setting is refused: the caller most likely meant phi, and silence would hide it. */
    public static void requireConsistent(FailureDetector detector) {
        if (detector == null || detector.isPhi()) {
            return;
        }
        String misplaced = detector.threshold() != null ? "threshold" : detector.window() != null ? "window"
                : detector.minStdDevMs() != null ? "min_std_dev_ms" : detector.acceptablePauseMs() != null ? "acceptable_pause_ms" : null;
        if (misplaced != null) {
            throw new InvalidInputException("failure_detector." + misplaced,
                    "failure_detector." + misplaced + " applies only to type phi");
        }
    }
}
