package io.harmony.liveness;

import io.harmony.config.HarmonyConfig;

/**
 * The status machine's clock settings in milliseconds: I (interval), M (missed beats), G (grace).
 *
 * @param sweepMs how often the sweeper looks for passed deadlines: the bound on detection lag
 */
public record LivenessTiming(long intervalMs, int missed, long graceMs, long sweepMs) {

    /**
     * Transitions are due within 1 s of their deadline (CONTRACT.md); 250 ms sweeps leave room for a busy machine.
     * Every task sweeps on its own, so this is also a fixed cost of an idle conductor (6 tasks: 24 sweeps a second).
     */
    public static final long DEFAULT_SWEEP_MS = 250;

    public static LivenessTiming from(HarmonyConfig config) {
        HarmonyConfig.Heartbeat hb = config.heartbeat();
        return new LivenessTiming(Math.round(hb.interval() * 1000), hb.missed(), Math.round(hb.grace() * 1000), DEFAULT_SWEEP_MS);
    }

    /** M x I: silence that turns a healthy component degraded. */
    public long silenceMs() {
        return intervalMs * missed;
    }
}
