package io.harmony.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

import io.harmony.events.HarmonyEvent;
import io.harmony.kafka.JsonSerdes;
import io.harmony.kafka.KafkaNames.Stores;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.liveness.BeatHistory;
import io.harmony.liveness.ComponentEventData;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.FailureDetector;
import io.harmony.liveness.LivenessTiming;
import io.harmony.liveness.PhiAccrual;
import io.harmony.liveness.RecoveryGate;
import io.harmony.liveness.Registration;
import io.harmony.liveness.Status;
import io.harmony.liveness.TrackedComponent;
import io.harmony.liveness.ViewTracker;

/**
 * Phi accrual in the topology, on wall-clock time the test drives: a phi component degrades when φ reaches its
 * threshold, and on a jittered, lossy link it is wrongly degraded far less often than under the fixed M x I rule at
 * the same mean detection time; its beat history survives a restart, and the recovery floor holds for it too.
 */
class PhiAccrualTopologyTest {
    /** I = 1 s, M = 3 (M x I = 3 s), G = 3 s, sweeps every 100 ms. */
    static final LivenessTiming TIMING = new LivenessTiming(1000, 3, 3000, 100);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** A deadline is applied by the first sweep that sees input past it: up to a sweep and an input step late. */
    static final long SWEEP_LAG_MS = 200;

    /** A beat of {@code id} at T0 + {@code atMs}. */
    record Beat(long atMs, String id) {
    }

    /** One driver over a state directory, its wall clock, and the topics a test uses. */
    static final class Run implements AutoCloseable {
        final TopologyTestDriver driver;
        final LivenessTiming timing;
        final RecoveryGate gate = new RecoveryGate();
        final TestInputTopic<String, Registration> registrations;
        final TestInputTopic<String, String> heartbeats;
        final TestOutputTopic<String, ComponentStatus> status;
        final TestOutputTopic<String, HarmonyEvent> events;
        long nowMs; // the driver's wall clock, from T0
        long recoveredAtMs = -1;

        Run(LivenessTiming timing, Path stateDir, long startMs) {
            this.timing = timing;
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "phi-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, NoCompactions.class);
            driver = new TopologyTestDriver(Topologies.of(timing, new ViewTracker(), gate).topology(), props, T0.plusMillis(startMs));
            nowMs = startMs;
            registrations = driver.createInputTopic(Topics.REGISTRATIONS, new StringSerializer(), JsonSerdes.of(Registration.class).serializer());
            heartbeats = driver.createInputTopic(Topics.HEARTBEATS, new StringSerializer(), new StringSerializer());
            status = driver.createOutputTopic(Topics.STATUS, Serdes.String().deserializer(), JsonSerdes.of(ComponentStatus.class).deserializer());
            events = driver.createOutputTopic(Topics.EVENTS, Serdes.String().deserializer(), JsonSerdes.of(HarmonyEvent.class).deserializer());
        }

        /** Streams runs: the gate opens, and the next sweep is the recovery moment. */
        void recover() {
            gate.open();
            advance(timing.sweepMs());
            recoveredAtMs = nowMs;
        }

        void advance(long ms) {
            driver.advanceWallClockTime(Duration.ofMillis(ms));
            nowMs += ms;
        }

        void register(String id, FailureDetector detector) {
            Instant at = T0.plusMillis(nowMs);
            registrations.pipeInput(new TestRecord<>(id, new Registration(id, id.substring(0, id.lastIndexOf('-')), "1.0.0",
                    "127.0.0.1", 8000, Status.HEALTHY, List.of(), null, Map.of(), at, at, detector, null), at));
        }

        void beat(String id, long atMs) {
            heartbeats.pipeInput(new TestRecord<>(id, "{\"component_id\":\"" + id + "\"}", T0.plusMillis(atMs)));
        }

        /**
         * Moves the wall clock in sweep-sized steps to {@code untilMs}, piping each beat once the clock has passed it
         * (a live conductor reads a beat after the broker stamped it, never before).
         */
        void play(List<Beat> beats, long untilMs) {
            List<Beat> sorted = beats.stream().sorted(Comparator.comparingLong(Beat::atMs)).toList();
            int next = 0;
            while (nowMs < untilMs) {
                advance(Math.min(timing.sweepMs(), untilMs - nowMs));
                for (; next < sorted.size() && sorted.get(next).atMs() <= nowMs; next++) {
                    beat(sorted.get(next).id(), sorted.get(next).atMs());
                }
            }
        }

        /** Transitions written since the last call, as (event, component_id, time after T0); alert events skipped. */
        List<Transition> transitions() {
            return events.readValuesToList().stream().filter(e -> !e.event().startsWith("alert-"))
                    .map(e -> new Transition(e.event(), e.data(ComponentEventData.class).componentId(),
                            e.timestamp().toEpochMilli() - T0.toEpochMilli()))
                    .toList();
        }

        TrackedComponent stored(String id) {
            KeyValueStore<String, TrackedComponent> store = driver.getKeyValueStore(Stores.COMPONENTS);
            return store.get(id);
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    record Transition(String event, String componentId, long atMs) {
    }

    /** No background compactions: after a commit the store's files stay put, so a copy of them is what a crash leaves. */
    public static class NoCompactions implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            options.setDisableAutoCompactions(true);
        }

        @Override
        public void close(String storeName, Options options) {
        }
    }

    /**
     * A state directory on tmpfs where there is one: the driver commits after every record (five RocksDB flushes and a
     * checkpoint file), which on this machine's disk cost 17 ms a beat and on tmpfs 1.5 ms (5,000 beats: 88 s, 7 s).
     */
    static Path stateDir() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "phi-test-")
                : Files.createTempDirectory("phi-test-");
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The first silence (ms after the last beat) at which φ reaches the threshold, found by walking φ forward. */
    static long silenceUntilThreshold(BeatHistory history, FailureDetector settings) {
        long t = 0;
        while (PhiAccrual.phi(t, history, settings) < settings.threshold()) {
            t++;
        }
        return t;
    }

    @Test
    void aPhiComponentBeatingRegularlyStaysHealthyAndDegradesWhenPhiReachesTheThresholdThenGoesOfflineAfterTheGrace() throws Exception {
        Path dir = stateDir();
        try (Run run = new Run(TIMING, dir, 0)) {
            run.recover();
            // Given a phi component (Akka's defaults) and a fixed one, beating every second, ± 20 ms, for a minute
            run.register("hub-001", FailureDetector.PHI_DEFAULTS);
            run.register("api-001", null);
            Random random = new Random(7);
            List<Beat> beats = new ArrayList<>();
            for (long at = 1000; at <= 60_000; at += 1000) {
                long jittered = at + random.nextInt(41) - 20;
                beats.add(new Beat(jittered, "hub-001"));
                beats.add(new Beat(jittered, "api-001"));
            }
            run.play(beats, 60_100);
            long lastBeat = beats.get(beats.size() - 1).atMs();

            // Then both stay healthy, and /services would show the phi one's φ, small just after a beat, and no φ for the other
            assertEquals(List.of("component-registered", "component-registered"), run.transitions().stream().map(Transition::event).toList());
            ComponentStatus beating = lastOf(run.status.readValuesToList(), "hub-001");
            assertNotNull(beating.beatHistory());
            assertEquals(1000.0, beating.beatHistory().meanMs(), 20.0);
            assertTrue(beating.toRegistration(FailureDetector.PHI_DEFAULTS, beating.lastHeartbeat().plusMillis(1000)).phi() < 0.5);
            assertNull(run.stored("api-001").view().beatHistory());

            // When both fall silent, the fixed one degrades M x I after its last beat and the phi one when φ reaches 8:
            // 1 s mean + 3 s acceptable pause + 5.22 x the 100 ms min std dev = 4.52 s
            run.play(List.of(), lastBeat + 10_000);
            List<Transition> after = run.transitions();
            ComponentStatus degraded = lastOf(run.status.readValuesToList().stream().filter(s -> s.status() == Status.DEGRADED).toList(), "hub-001");
            long expected = silenceUntilThreshold(degraded.beatHistory(), FailureDetector.PHI_DEFAULTS);
            assertEquals(4523, expected, 30);
            long degradedAt = at(after, "component-degraded", "hub-001");
            assertTrue(degradedAt - lastBeat >= expected && degradedAt - lastBeat <= expected + SWEEP_LAG_MS,
                    "degraded " + (degradedAt - lastBeat) + " ms after the last beat; φ reaches 8 after " + expected + " ms");
            assertTrue(degraded.toRegistration(FailureDetector.PHI_DEFAULTS, T0.plusMillis(degradedAt)).phi() >= 8.0);
            long fixedAt = at(after, "component-degraded", "api-001");
            assertTrue(fixedAt - lastBeat >= 3000 && fixedAt - lastBeat <= 3000 + SWEEP_LAG_MS, "fixed rule after " + (fixedAt - lastBeat));

            // And offline G after the degrade deadline
            long offlineAt = at(after, "component-offline", "hub-001");
            assertTrue(offlineAt - lastBeat >= expected + 3000 && offlineAt - lastBeat <= expected + 3000 + SWEEP_LAG_MS,
                    "offline " + (offlineAt - lastBeat) + " ms after the last beat");
        } finally {
            delete(dir);
        }
    }

    @Test
    void theConductorsDefaultDetectorCanBePhi() throws Exception {
        Path dir = stateDir();
        try (Run run = new Run(TIMING.withDefaultDetector(FailureDetector.Type.PHI), dir, 0)) {
            run.recover();
            // Given a component that names no detector, under a conductor whose default is phi, that never beats
            run.register("hub-001", null);
            // Then it is judged on the first-beat estimate (mean I, std dev I/4): 1 s + 3 s + 5.22 x 250 ms = 5.31 s,
            // not M x I = 3 s
            run.play(List.of(), 5200);
            assertEquals(List.of("component-registered"), run.transitions().stream().map(Transition::event).toList());
            run.play(List.of(), 5600);
            assertEquals(List.of("component-degraded"), run.transitions().stream().map(Transition::event).toList());
            assertEquals(PhiAccrual.seed(1000), run.stored("hub-001").view().beatHistory());
        } finally {
            delete(dir);
        }
    }

    /** Most components beat steadily, a few over a lossy link; each is run twice: watched by phi, and by the fixed rule. */
    static final int STEADY = 18;
    static final int LOSSY = 6;
    static final long RUN_MS = 250_000;
    /** A lossy link loses each beat with this chance: two in a row (a 3 s gap) once in 44 beats. */
    static final double LOSS = 0.15;

    /**
     * Beat times (ms after T0) of a component beating every second until {@code RUN_MS}: steady ones ± 30 ms (std dev),
     * lossy ones ± 150 ms with each beat lost with {@link #LOSS}, so a gap is about 1, 2, 3... s.
     */
    static long[] trace(boolean lossy, Random random) {
        List<Long> times = new ArrayList<>();
        long at = 0;
        while (true) {
            int intervals = 1;
            while (lossy && random.nextDouble() < LOSS) {
                intervals++;
            }
            at += Math.max(1, Math.round(intervals * 1000 + random.nextGaussian() * (lossy ? 150 : 30)));
            if (at > RUN_MS) {
                return times.stream().mapToLong(Long::longValue).toArray();
            }
            times.add(at);
        }
    }

    /** Phi's mean detection time for a stop after these traces: the silence until φ reaches the threshold at each end. */
    static double meanDetectionMs(List<long[]> traces, FailureDetector settings) {
        double sum = 0;
        for (long[] times : traces) {
            BeatHistory history = PhiAccrual.seed(TIMING.intervalMs());
            long last = 0; // registered at T0
            for (long at : times) {
                history = PhiAccrual.afterBeat(history, at - last, settings);
                last = at;
            }
            sum += PhiAccrual.detectionMs(history, settings);
        }
        return sum / traces.size();
    }

    /**
     * The figures (seed 20: 18 steady and 6 lossy components, 250 s of beats, 1,245 of them over the lossy links): at
     * Akka's threshold 8, window 1,000 and min std dev 100 ms, an acceptable pause of 945 ms gives phi the fixed rule's
     * mean detection time of a real stop, M x I = 3 s (measured with the sweep: phi 3,010 ms, fixed 3,010 ms). There the
     * fixed rule degrades lossy components wrongly 7 times, phi never (seed 21: 13 and 0); neither ever degrades a
     * steady one. Phi spends the same detection budget where the jitter is: 2.5 s for a steady component, 4.6 s for a
     * lossy one, which then takes four beats lost in a row (0.05 % of beats) where the fixed rule takes two (2.2 %, about
     * half of those gaps past 3 s).
     */
    @Test
    void onJitteredLossyBeatsPhiDegradesWronglyFarLessOftenThanTheFixedRuleAtTheSameMeanDetectionTime() throws Exception {
        // Given the same beats twice over: one twin watched by phi, the other by the fixed rule (the default)
        Random random = new Random(20);
        Map<String, long[]> traces = new HashMap<>();
        for (int i = 0; i < STEADY + LOSSY; i++) {
            traces.put(String.format(i < STEADY ? "steady-%02d" : "lossy-%02d", i), trace(i >= STEADY, random));
        }
        // with phi's acceptable pause calibrated (bisection over these very traces) to the fixed rule's M x I
        long low = 0;
        long high = 10_000;
        while (high - low > 1) {
            long mid = (low + high) / 2;
            if (meanDetectionMs(List.copyOf(traces.values()), FailureDetector.phi(8, 1000, 100, mid)) < TIMING.silenceMs()) {
                low = mid;
            } else {
                high = mid;
            }
        }
        FailureDetector phi = FailureDetector.phi(8, 1000, 100, high);

        Path dir = stateDir();
        // Sweeps every 20 ms: a wrong degrade needs a sweep between the deadline and the late beat, and coarser sweeps
        // would miss most of the fixed rule's (a 3 s gap is mostly a few tens of ms past its 3 s deadline)
        try (Run run = new Run(new LivenessTiming(1000, 3, 3000, 20), dir, 0)) {
            run.recover();
            List<Beat> beats = new ArrayList<>();
            Map<String, Long> lastBeat = new HashMap<>();
            traces.forEach((name, times) -> {
                for (String id : List.of(name + "-phi-001", name + "-fixed-001")) {
                    run.register(id, id.contains("-phi-") ? phi : null);
                    for (long at : times) {
                        beats.add(new Beat(at, id));
                    }
                    lastBeat.put(id, times[times.length - 1]);
                }
            });
            run.events.readValuesToList();

            // When they beat for RUN_MS and then all stop
            run.play(beats, RUN_MS + 10_000);

            // Then every degrade before a component's last beat was wrong, and the first after it is the detection
            Map<String, Integer> wrong = new HashMap<>();
            Map<String, Long> detection = new HashMap<>();
            for (Transition t : run.transitions()) {
                if (!t.event().equals("component-degraded")) {
                    continue;
                }
                String kind = t.componentId().replaceAll("-\\d+-", "-").replace("-001", ""); // steady-phi, lossy-fixed...
                if (t.atMs() < lastBeat.get(t.componentId())) {
                    wrong.merge(kind, 1, Integer::sum);
                } else {
                    detection.putIfAbsent(t.componentId(), t.atMs() - lastBeat.get(t.componentId()));
                }
            }
            assertEquals(2 * (STEADY + LOSSY), detection.size(), "every component is detected after it stopped");
            double phiDetection = mean(detection, "", "-phi-");
            double fixedDetection = mean(detection, "", "-fixed-");
            int lossyBeats = traces.entrySet().stream().filter(e -> e.getKey().startsWith("lossy"))
                    .mapToInt(e -> e.getValue().length).sum();
            System.out.printf("acceptable pause %d ms; mean detection phi %.0f ms (steady %.0f, lossy %.0f), fixed %.0f ms; "
                    + "wrong degrades in %d lossy beats: %s%n", phi.acceptablePauseMs(), phiDetection, mean(detection, "steady", "-phi-"),
                    mean(detection, "lossy", "-phi-"), fixedDetection, lossyBeats, wrong);
            assertEquals(fixedDetection, phiDetection, 100, "the same mean detection time");
            assertEquals(null, wrong.get("steady-phi"));
            assertEquals(null, wrong.get("steady-fixed"));
            int fixedWrong = wrong.getOrDefault("lossy-fixed", 0);
            int phiWrong = wrong.getOrDefault("lossy-phi", 0);
            assertTrue(fixedWrong >= 5, "the lossy link trips the fixed rule: " + fixedWrong);
            assertTrue(phiWrong * 3 <= fixedWrong, "phi " + phiWrong + " against fixed " + fixedWrong);
        } finally {
            delete(dir);
        }
    }

    @Test
    void aRestartKeepsEveryBeatHistoryAndAPhiComponentGetsItsOwnSilenceAfterRecovery() throws Exception {
        Path dir = stateDir();
        Path crashed = null;
        long crashMs = 60_000;
        BeatHistory silentBefore;
        BeatHistory beatingBefore;
        Random random = new Random(5);
        try (Run first = new Run(TIMING, dir, 0)) {
            first.recover();
            // Given two phi components (Akka's defaults) and a fixed one, beating every second ± 200 ms for a minute
            first.register("beating-phi-001", FailureDetector.PHI_DEFAULTS);
            first.register("silent-phi-001", FailureDetector.PHI_DEFAULTS);
            first.register("silent-fixed-001", null);
            List<Beat> beats = new ArrayList<>();
            for (long at = 1000; at < crashMs; at += 1000) {
                for (String id : List.of("beating-phi-001", "silent-phi-001", "silent-fixed-001")) {
                    beats.add(new Beat(at + random.nextInt(401) - 200, id));
                }
            }
            first.play(beats, crashMs);
            assertEquals(3, first.transitions().size(), "registered, nothing else");
            silentBefore = first.stored("silent-phi-001").view().beatHistory();
            beatingBefore = first.stored("beating-phi-001").view().beatHistory();
            assertTrue(silentBefore.count() > 50, "history in the store: " + silentBefore);

            // When the conductor crashes: its disk keeps the state directory as the last commit left it
            crashed = Files.createTempDirectory(dir.getParent(), "phi-crashed-");
            copy(dir, crashed);
        }
        try (Run second = new Run(TIMING, crashed, crashMs + 30_000)) {
            // and starts again 30 s later (longer than any detection time and the grace): beating-phi-001 beat on
            // meanwhile, the two silent ones stopped at the crash
            List<Beat> backlog = new ArrayList<>();
            for (long at = crashMs; at < crashMs + 30_000; at += 1000) {
                backlog.add(new Beat(at, "beating-phi-001"));
            }
            backlog.forEach(b -> second.beat(b.id(), b.atMs()));

            // Then the beat histories came back from the store as they were
            assertEquals(silentBefore, second.stored("silent-phi-001").view().beatHistory());

            // And at recovery nobody is degraded; the fixed one degrades M x I after recovery, the silent phi one only
            // when its own silence has passed since recovery (mean + 3 s pause + 5.22 std devs, over 4.5 s), not at the
            // M x I floor
            second.recover();
            List<Beat> after = new ArrayList<>();
            for (long at = second.nowMs + 1000; at < second.nowMs + 10_000; at += 1000) {
                after.add(new Beat(at, "beating-phi-001"));
            }
            long recovered = second.recoveredAtMs;
            second.play(after, recovered + 10_000);
            List<Transition> transitions = second.transitions();
            long phiSilence = PhiAccrual.detectionMs(silentBefore, FailureDetector.PHI_DEFAULTS);
            assertTrue(phiSilence > TIMING.silenceMs() + 1000, "a jittery component's silence: " + phiSilence);
            assertEquals(List.of("component-degraded silent-fixed-001", "component-degraded silent-phi-001"),
                    transitions.stream().filter(t -> t.event().equals("component-degraded")).map(t -> t.event() + " " + t.componentId()).toList());
            long fixedAt = at(transitions, "component-degraded", "silent-fixed-001") - recovered;
            long phiAt = at(transitions, "component-degraded", "silent-phi-001") - recovered;
            assertTrue(fixedAt >= TIMING.silenceMs() && fixedAt <= TIMING.silenceMs() + SWEEP_LAG_MS, "fixed after " + fixedAt);
            assertTrue(phiAt >= phiSilence && phiAt <= phiSilence + SWEEP_LAG_MS, "phi after " + phiAt + ", its silence " + phiSilence);

            // And the beating one's history went on from where it was, the downtime's beats added, not started afresh
            BeatHistory beating = second.stored("beating-phi-001").view().beatHistory();
            assertTrue(beating.count() >= beatingBefore.count() + 30, beatingBefore + " then " + beating);
        } finally {
            delete(dir);
            delete(crashed);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static double mean(Map<String, Long> detection, String kind, String detector) {
        return detection.entrySet().stream().filter(e -> e.getKey().startsWith(kind) && e.getKey().contains(detector))
                .mapToLong(Map.Entry::getValue).average().orElseThrow();
    }

    static ComponentStatus lastOf(List<ComponentStatus> written, String id) {
        return written.stream().filter(s -> id.equals(s.componentId())).reduce((a, b) -> b).orElseThrow();
    }

    static long at(List<Transition> transitions, String event, String id) {
        return transitions.stream().filter(t -> t.event().equals(event) && t.componentId().equals(id)).mapToLong(Transition::atMs)
                .findFirst().orElseThrow(() -> new AssertionError("no " + event + " for " + id + " in " + transitions));
    }
}
