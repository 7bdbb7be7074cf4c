package io.harmony.liveness;

import io.harmony.config.HarmonyConfig;

/**
 * The status machine's clock settings in milliseconds: I (interval), M (missed beats), G (grace).
 *
 * @param sweepMs how often the sweeper looks for passed deadlines: the bound on detection lag
 */
public record LivenessTiming(long intervalMs, int missed, long graceMs, long sweepMs) {

    /**
     * Transitions are due within 1 s of their deadline (CONTRACT.md); we aim at a p99 under 150 ms (issue 20): a
     * 50 ms sweep, run by a stream thread that polls at most 50 ms (kafka-streams.poll.ms). A sweep with nothing due
     * is one look at the head of the deadline index, so the idle cost stays small (6 tasks: 120 looks a second).
     */
    public static final long DEFAULT_SWEEP_MS = 50;

    public static LivenessTiming from(HarmonyConfig config) {
        HarmonyConfig.Heartbeat hb = config.heartbeat();
        return new LivenessTiming(Math.round(hb.interval() * 1000), hb.missed(), Math.round(hb.grace() * 1000), DEFAULT_SWEEP_MS);
    }

    /** M x I: silence that turns a healthy component degraded. */
    public long silenceMs() {
        return intervalMs * missed;
    }
}
