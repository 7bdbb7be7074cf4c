package io.harmony.liveness;

/**
 * The φ accrual failure detector's arithmetic (Hayashibara et al., SRDS 2004; the form Akka and Cassandra use):
 * φ(t) = -log10(1 - F(t)), F the normal CDF with the beats' inter-arrival mean (plus the acceptable pause) and
 * standard deviation (at least the minimum), t the time since the last beat. F is Akka's logistic approximation,
 * 1 / (1 + e^-x) with x = y (1.5976 + 0.070566 y²), y = (t - mean) / std dev: accurate to 1.4e-4, and, unlike the
 * exact CDF, invertible in closed form, which lets a phi component's degrade moment be a deadline like the fixed rule's.
 */
public final class PhiAccrual {
    private static final double A = 0.070566;
    private static final double B = 1.5976;
    private static final double LN10 = Math.log(10);

    private PhiAccrual() {
    }

    /**
     * The history a phi component starts with, as Akka bootstraps it from the expected interval: the two intervals
     * I - I/4 and I + I/4 (mean I, std dev I/4), so a component that never beats after registering is still judged.
     */
    public static BeatHistory seed(long intervalMs) {
        return new BeatHistory(2, intervalMs, intervalMs / 4.0);
    }

    /**
     * The history after a beat {@code intervalMs} after the previous one. Following Akka, a beat that arrives when φ
     * has already passed the threshold ends a failure rather than an interval, and is left out: the pause would
     * skew the statistics. A non-positive interval (the same beat twice) is no interval either.
     */
    public static BeatHistory afterBeat(BeatHistory history, long intervalMs, FailureDetector settings) {
        if (intervalMs <= 0 || phi(intervalMs, history, settings) >= settings.threshold()) {
            return history;
        }
        return record(history, intervalMs, settings.window());
    }

    /**
     * Adds one interval: exact running mean and variance (Welford) while the weight 1/n is above 2 / (window + 1),
     * an exponentially weighted mean and variance with that weight after (West's update, two multiplications).
     */
    static BeatHistory record(BeatHistory history, long intervalMs, int window) {
        int n = history.count() + 1;
        double weight = Math.max(1.0 / n, 2.0 / (window + 1));
        double diff = intervalMs - history.meanMs();
        double mean = history.meanMs() + weight * diff;
        double variance = (1 - weight) * (history.stdDevMs() * history.stdDevMs() + weight * diff * diff);
        return new BeatHistory(Math.min(n, window), mean, Math.sqrt(variance));
    }

    /** φ {@code sinceLastBeatMs} after the last beat. */
    public static double phi(long sinceLastBeatMs, BeatHistory history, FailureDetector settings) {
        return phi(sinceLastBeatMs, history.meanMs() + settings.acceptablePauseMs(), stdDev(history, settings));
    }

    /** How long after the last beat φ reaches the threshold: the inverse of {@link #phi(long, BeatHistory, FailureDetector)}. */
    public static long detectionMs(BeatHistory history, FailureDetector settings) {
        double at = history.meanMs() + settings.acceptablePauseMs() + quantile(settings.threshold()) * stdDev(history, settings);
        return Math.max(0, (long) Math.ceil(at)); // rounded up: at the deadline φ has reached the threshold
    }

    private static double stdDev(BeatHistory history, FailureDetector settings) {
        return Math.max(history.stdDevMs(), settings.minStdDevMs());
    }

    /**
     * φ of a normal distribution N(mean, std dev) {@code timeDiffMs} in. -log10(1 - F) = log10(1 + e^x), written so
     * that neither e^x nor e^-x overflows: finite (and monotonic) for any silence, where Akka's form reaches infinity
     * about 21 std devs past the mean (e^-x underflows), which JSON could not carry.
     */
    static double phi(double timeDiffMs, double meanMs, double stdDevMs) {
        double y = (timeDiffMs - meanMs) / stdDevMs;
        double x = y * (B + A * y * y);
        double softplus = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
        return softplus / LN10;
    }

    /**
     * The y (std devs past the mean) at which φ equals {@code threshold}: 1 - F(y) = 10^-threshold means
     * A y³ + B y = c with c = ln((1 - p) / p), a cubic with one real root (Cardano). The root is odd in c, so it is
     * computed for |c|, where the formula does not cancel.
     */
    static double quantile(double threshold) {
        double c = threshold * LN10 + Math.log1p(-Math.pow(10, -threshold));
        double p = B / A;
        double q = Math.abs(c) / A;
        double u = Math.cbrt(q / 2 + Math.sqrt(q * q / 4 + p * p * p / 27));
        double y = u - p / (3 * u);
        return Math.copySign(y, c);
    }
}
