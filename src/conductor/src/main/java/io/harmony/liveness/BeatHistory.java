package io.harmony.liveness;

/**
 * A phi component's heartbeat inter-arrival times, summarized: how many count (up to the window), their mean and
 * their standard deviation, in milliseconds. Part of the status record, so it lives in the changelogged components
 * store (a restart or a moved task keeps it) and on harmony.status (every replica computes φ(now) from it).
 * <p>
 * Three numbers rather than Akka's ring of the last 1,000 intervals: a ring is 8 KB per component (800 MB for the
 * 100,000 components issue 20 wants in 1 GiB) and would be re-encoded into the store and the changelog with every
 * status write. The window is exponential instead (PhiAccrual.record): exact mean and variance while fewer beats than
 * half the window have arrived, then each new interval weighs 2 / (window + 1), which gives the intervals the same
 * mean age as a sliding window of that many.
 */
public record BeatHistory(int count, double meanMs, double stdDevMs) {
}
