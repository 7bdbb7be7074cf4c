package io.harmony.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * φ against the expectations of Akka's AccrualFailureDetectorSpec (same approximation, same defaults), the inverse
 * against φ itself, and the exponential window against exact statistics.
 */
class PhiAccrualTest {

    /** Akka's test detector: threshold 8, 1,000 samples, min std dev 100 ms, no acceptable pause. */
    static final FailureDetector AKKA_TEST = FailureDetector.phi(8, 1000, 100, 0);

    static double cdf(double phi) {
        return 1 - Math.pow(10, -phi);
    }

    @Test
    void theLogisticApproximationIsAGoodEnoughNormalCdf() {
        assertEquals(0.5, cdf(PhiAccrual.phi(0, 0, 10)), 0.001);
        assertEquals(0.7257, cdf(PhiAccrual.phi(6, 0, 10)), 0.001);
        assertEquals(0.9332, cdf(PhiAccrual.phi(15, 0, 10)), 0.001);
        assertEquals(0.97725, cdf(PhiAccrual.phi(20, 0, 10)), 0.001);
        assertEquals(0.99379, cdf(PhiAccrual.phi(25, 0, 10)), 0.001);
        assertEquals(0.99977, cdf(PhiAccrual.phi(35, 0, 10)), 0.001);
        assertEquals(0.99997, cdf(PhiAccrual.phi(40, 0, 10)), 0.0001);
        for (int x = 0; x < 40; x++) {
            assertTrue(PhiAccrual.phi(x, 0, 10) < PhiAccrual.phi(x + 1, 0, 10), "monotonic at " + x);
        }
        assertEquals(0.7475, cdf(PhiAccrual.phi(22, 20.0, 3)), 0.001);
    }

    @Test
    void realisticValuesAsInAkka() {
        Map<Integer, Double> expected = Map.of(0, 0.0, 500, 0.1, 1000, 0.3, 1200, 1.6, 1400, 4.7, 1600, 10.8, 1700, 15.3);
        expected.forEach((timeDiff, phi) -> assertEquals(phi, PhiAccrual.phi(timeDiff, 1000.0, 100.0), 0.1, "at " + timeDiff));
        // a larger std dev gives a lower φ
        assertTrue(PhiAccrual.phi(1100, 1000.0, 500.0) < PhiAccrual.phi(1100, 1000.0, 100.0));
    }

    @Test
    void outliersStayFiniteAndMonotonicWhereAkkasFormReachesInfinity() {
        assertEquals(38.0, PhiAccrual.phi(10, 0, 1), 1.0);
        assertEquals(0.0, PhiAccrual.phi(-25, 0, 1));
        // an hour of silence under a 100 ms std dev: Akka's -log10(e / (1 + e)) is Infinity there, which JSON cannot carry
        double hour = PhiAccrual.phi(3_600_000, 1000, 100);
        assertTrue(Double.isFinite(hour) && hour > PhiAccrual.phi(60_000, 1000, 100), "φ after an hour: " + hour);
    }

    @Test
    void theInverseGivesTheSilenceAtWhichPhiReachesTheThreshold() {
        for (double threshold : new double[] { 0.1, 0.5, 1, 3, 8, 12, 16, 50, 100 }) {
            double y = PhiAccrual.quantile(threshold);
            assertEquals(threshold, PhiAccrual.phi(y, 0, 1), 1e-9 * Math.max(1, threshold), "threshold " + threshold);
        }
        // Akka's defaults with a 1 s mean and the min std dev: 1000 + 3000 + 5.2245 x 100 ms
        BeatHistory steady = new BeatHistory(1000, 1000, 20);
        long detection = PhiAccrual.detectionMs(steady, FailureDetector.PHI_DEFAULTS);
        assertEquals(4523, detection);
        assertTrue(PhiAccrual.phi(detection, steady, FailureDetector.PHI_DEFAULTS) >= 8);
        assertTrue(PhiAccrual.phi(detection - 1, steady, FailureDetector.PHI_DEFAULTS) < 8);
    }

    @Test
    void statisticsAreExactWhileTheWindowFillsAsInAkka() {
        BeatHistory h = new BeatHistory(0, 0, 0);
        for (long sample : new long[] { 100, 200, 125, 340, 130 }) {
            h = PhiAccrual.record(h, sample, 20);
        }
        assertEquals(179.0, h.meanMs(), 1e-9);
        assertEquals(7584.0, h.stdDevMs() * h.stdDevMs(), 1e-6);
        assertEquals(0.0, PhiAccrual.record(new BeatHistory(0, 0, 0), 1000, 600).stdDevMs());
    }

    @Test
    void pastHalfTheWindowTheStatisticsFollowAnExponentialWindow() {
        // 1,000 intervals of 1 s, then 1,000 of 2 s: a sliding window of 1,000 would sit at 2 s; the exponential one,
        // each interval weighing 2/1001, has moved 1 - e^-2 = 86.5 % of the way, and the count stays at the window
        BeatHistory h = new BeatHistory(0, 0, 0);
        for (int i = 0; i < 1000; i++) {
            h = PhiAccrual.record(h, 1000, 1000);
        }
        assertEquals(1000.0, h.meanMs(), 1e-6);
        for (int i = 0; i < 1000; i++) {
            h = PhiAccrual.record(h, 2000, 1000);
        }
        assertEquals(1000 + 1000 * (1 - Math.exp(-2)), h.meanMs(), 2.0);
        assertEquals(1000, h.count());
        // a window of 1 is the last interval alone
        assertEquals(new BeatHistory(1, 700, 0), PhiAccrual.record(h, 700, 1));
    }

    /** Akka's detector, as its spec drives it: beats and checks at given times (ms), history as the sweeper keeps it. */
    static final class Beats {
        final FailureDetector settings;
        BeatHistory history;
        long last;

        Beats(FailureDetector settings, long firstBeatEstimateMs, long at) {
            this.settings = settings;
            this.history = PhiAccrual.seed(firstBeatEstimateMs);
            this.last = at;
        }

        void beat(long at) {
            history = PhiAccrual.afterBeat(history, at - last, settings);
            last = at;
        }

        double phi(long at) {
            return PhiAccrual.phi(at - last, history, settings);
        }

        boolean available(long at) {
            return phi(at) < settings.threshold();
        }
    }

    @Test
    void oneBeatIsJudgedOnTheFirstBeatEstimate() {
        Beats fd = new Beats(AKKA_TEST, 1000, 0);
        assertEquals(0.3, fd.phi(1000), 0.2);
        assertEquals(4.5, fd.phi(2000), 0.3);
        assertTrue(fd.phi(3000) > 15.0);
    }

    @Test
    void missedBeatsMakeTheComponentSuspect() {
        Beats fd = new Beats(FailureDetector.phi(3, 1000, 100, 0), 1000, 0);
        fd.beat(1000);
        fd.beat(1100);
        assertTrue(fd.available(1200));
        assertFalse(fd.available(8200));
    }

    @Test
    void theBeatAfterAFailureIsLeftOutOfTheHistory() {
        // Akka: 1,000 regular 1 s beats, a 5 minute pause, then beats again; a 7 s pause is suspect again
        Beats fd = new Beats(FailureDetector.phi(8, 1000, 100, 3000), 1000, 0);
        long t = 0;
        for (int i = 1; i < 1000; i++) {
            fd.beat(t += 1000);
        }
        assertFalse(fd.available(t += 5 * 60 * 1000));
        BeatHistory before = fd.history;
        fd.beat(t += 100);
        assertSame(before, fd.history, "the 5-minute gap is no interval");
        assertTrue(fd.available(t += 900));
        fd.beat(t += 100);
        assertFalse(fd.available(t += 7000));
        fd.beat(t += 100);
        assertTrue(fd.available(t += 900));
        fd.beat(t += 100);
        assertTrue(fd.available(t += 900));
    }

    @Test
    void theAcceptablePauseAbsorbsSomeMissedBeatsButNotMore() {
        Beats accepts = new Beats(FailureDetector.phi(8, 1000, 100, 3000), 1000, 0);
        accepts.beat(1000);
        accepts.beat(2000);
        accepts.beat(3000);
        assertTrue(accepts.available(7000));
        accepts.beat(8000);
        assertTrue(accepts.available(9000));

        Beats fails = new Beats(FailureDetector.phi(8, 1000, 100, 3000), 1000, 0);
        for (long at = 1000; at <= 5000; at += 1000) {
            fails.beat(at);
        }
        assertTrue(fails.available(5500));
        fails.beat(6000);
        assertFalse(fails.available(11000));
    }

    @Test
    void missingPhiSettingsComeFromTheDefaultsAndAFixedDetectorNamesNone() {
        FailureDetector asked = new FailureDetector(FailureDetector.Type.PHI, 12.0, null, null, null);
        assertEquals(FailureDetector.phi(12, 1000, 100, 3000), asked.withDefaults(FailureDetector.PHI_DEFAULTS));
        FailureDetector complete = FailureDetector.phi(9, 10, 50, 0);
        assertSame(complete, complete.withDefaults(FailureDetector.PHI_DEFAULTS));
        FailureDetector.requireConsistent(new FailureDetector(FailureDetector.Type.FIXED, null, null, null, null));
        io.harmony.errors.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(io.harmony.errors.InvalidInputException.class,
                () -> FailureDetector.requireConsistent(new FailureDetector(FailureDetector.Type.FIXED, 8.0, null, null, null)));
        assertEquals("failure_detector.threshold", e.field());
    }
}
