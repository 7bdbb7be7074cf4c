package io.harmony.liveness;

import io.harmony.config.HarmonyConfig;

/**
 * The status machine's clock settings in milliseconds: I (interval), M (missed beats), G (grace), and which failure
 * detector watches a component whose registration names none.
 *
 * @param sweepMs how often the sweeper looks for passed deadlines: the bound on detection lag
 * @param detector the conductor's default: the fixed M x I rule, or phi
 * @param phi the phi settings of the default, and of a registration's phi detector where it leaves one out
 */
public record LivenessTiming(long intervalMs, int missed, long graceMs, long sweepMs, FailureDetector.Type detector,
        FailureDetector phi) {

    /**
     * Transitions are due within 1 s of their deadline (CONTRACT.md); we aim at a p99 under 150 ms (issue 20). While
     * records come, a deadline is applied by the record that carries the input past it (DeadlineSweeper.process); this
     * 50 ms sweep serves an idle input, run by a stream thread that polls at most 25 ms (kafka-streams.poll.ms). A
     * sweep with nothing due is one look at the head of the deadline index, so the idle cost stays small.
     */
    public static final long DEFAULT_SWEEP_MS = 50;

    /** The fixed rule by default, Akka's phi settings for components that ask for phi. */
    public LivenessTiming(long intervalMs, int missed, long graceMs, long sweepMs) {
        this(intervalMs, missed, graceMs, sweepMs, FailureDetector.Type.FIXED, FailureDetector.PHI_DEFAULTS);
    }

    public static LivenessTiming from(HarmonyConfig config) {
        HarmonyConfig.Heartbeat hb = config.heartbeat();
        HarmonyConfig.Liveness.Phi phi = config.liveness().phi();
        return new LivenessTiming(Math.round(hb.interval() * 1000), hb.missed(), Math.round(hb.grace() * 1000), DEFAULT_SWEEP_MS,
                FailureDetector.Type.parse(config.liveness().failureDetector()),
                FailureDetector.phi(phi.threshold(), phi.window(), phi.minStdDevMs(), phi.acceptablePauseMs()));
    }

    /** The same, with {@code detector} watching components that name none. */
    public LivenessTiming withDefaultDetector(FailureDetector.Type detector) {
        return new LivenessTiming(intervalMs, missed, graceMs, sweepMs, detector, phi);
    }

    /** M x I: silence that turns a healthy component degraded under the fixed rule. */
    public long silenceMs() {
        return intervalMs * missed;
    }

    /** The phi settings that watch a component registered with {@code asked} (null: none); null when the fixed rule does. */
    public FailureDetector phiFor(FailureDetector asked) {
        if (asked == null) {
            return detector == FailureDetector.Type.PHI ? phi : null;
        }
        return asked.isPhi() ? asked.withDefaults(phi) : null;
    }
}
