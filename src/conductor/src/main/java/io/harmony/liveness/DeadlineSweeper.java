package io.harmony.liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import io.harmony.json.Decoded;
import io.harmony.kafka.KafkaNames;
import io.harmony.events.HarmonyEvent;
import io.harmony.liveness.TrackedComponent.Due;

/**
 * Moves a component healthy → degraded → offline when its deadline passes, and back to healthy on a beat.
 * Wall-clock punctuation, because when components fall silent no records arrive, and stream time would stop with them.
 */
public final class DeadlineSweeper implements Processor<String, LivenessInput, String, LivenessChange> {
    private static final Logger LOG = Logger.getLogger(DeadlineSweeper.class);
    /** harmony.status gets every transition at once, and otherwise at most one record per second per component. */
    static final long STATUS_REFRESH_MS = 1000;

    private final LivenessTiming timing;
    private final RecoveryGate gate;
    private final DeadlineIndex index = new DeadlineIndex();
    /**
     * The newest state of every component this task tracks: the store's, or newer. Read on every beat, so a beat
     * costs no store read and no JSON decoding; the store stays the durable copy (and the changelog) it is loaded from.
     */
    private final Map<String, TrackedComponent> latest = new HashMap<>();
    /**
     * Components whose newest state changed nothing but the last-beat time and metrics and is not yet in the store
     * nor on harmony.status: both are written at most once per second per component, by the sweep. Beats are the hot
     * path, and a restarted or moved task loses at most that second, which the recovery floor (M x I after recovery)
     * covers anyway.
     */
    private final Set<String> unpublished = new LinkedHashSet<>();
    private final Map<String, Long> publishedAt = new HashMap<>();
    private ProcessorContext<String, LivenessChange> context;
    private KeyValueStore<String, TrackedComponent> store;
    /**
     * No deadline falls before this: the conductor's own downtime is never a component's silence. Set at the first
     * sweep after the recovery gate opened (recovery + M x I); -1 until then.
     */
    private long floorMs = -1;
    /** The recovery moment itself: a phi component's floor is its own detection time after it, when longer than M x I. */
    private long recoveredAtMs = -1;
    /**
     * A beat's deadline counts from the broker's time of the beat (its record timestamp), so a deadline may only pass
     * once this task has read its input up to that time. While records keep coming the task may be behind (a backlog
     * after a burst, a restart): then the sweep applies no deadline later than the newest record time it processed,
     * else it would degrade components whose beats are already waiting in the backlog, and every one of them would
     * flap degraded → recovered (measured: 18,000 false transitions and alerts in a 60-s closed-loop run that the
     * topology fell 3 s behind in). When nothing came for {@link #QUIET_MS}, the input is idle, not behind: wall clock.
     */
    static final long QUIET_MS = 500;
    /**
     * A task whose last record was processed within this long of its log time had caught up with its input: the
     * thread punctuates right after a poll, so anything appended more than this before now has been read (a fetch
     * returns as soon as a record is there). A sparse input (a record every 100-500 ms: a small fleet) then has its
     * deadlines applied this late, instead of when the input next passes them or after {@link #QUIET_MS} of silence.
     */
    static final long CAUGHT_UP_MS = 50;
    private long newestInputMs;
    private long lastInputWallMs; // 0: nothing read yet, so the input counts as idle
    private long lastInputDelayMs = Long.MAX_VALUE; // wall clock minus log time of the last record read

    /** Told, in ms, how late each deadline transition came (DetectionLag). */
    private final java.util.function.LongConsumer detectionLag;

    public DeadlineSweeper(LivenessTiming timing, RecoveryGate gate) {
        this(timing, gate, lagMs -> { });
    }

    public DeadlineSweeper(LivenessTiming timing, RecoveryGate gate, java.util.function.LongConsumer detectionLag) {
        this.timing = timing;
        this.gate = gate;
        this.detectionLag = detectionLag;
    }

    @Override
    public void init(ProcessorContext<String, LivenessChange> context) {
        this.context = context;
        this.store = context.getStateStore(KafkaNames.Stores.COMPONENTS);
        // The task starts after its store is restored. Its recovery moment is the first sweep once Streams runs
        // (the gate): every non-offline deadline becomes max(stored deadline, recovery + M x I), applied in sweep().
        try (KeyValueIterator<String, TrackedComponent> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, TrackedComponent> entry = all.next();
                TrackedComponent tc = entry.value;
                if (tc != null) {
                    latest.put(entry.key, tc);
                    if (tc.due() != Due.NOTHING) {
                        index.put(entry.key, tc.deadlineMs());
                    }
                }
            }
        }
        LOG.infof("liveness task %s tracking %d components", context.taskId(), index.size());
        context.schedule(Duration.ofMillis(timing.sweepMs()), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, LivenessInput> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        LivenessInput input = record.value();
        long at = record.timestamp();
        newestInputMs = Math.max(newestInputMs, at);
        lastInputWallMs = context.currentSystemTimeMs();
        lastInputDelayMs = lastInputWallMs - at;
        TrackedComponent current = load(id);
        if (input == null || input.isDeregistration()) {
            if (current != null) {
                deregister(id, current, at);
            }
        } else if (input.registration() != null) {
            register(id, current, input.registration(), at);
        } else if (current != null) {
            renew(id, current.view(), input.heartbeat(), at);
        } else {
            LOG.debugf("heartbeat for unknown component %s ignored", id);
        }
        // The input just passed a deadline: apply it now rather than at the next punctuation, which only runs once the
        // stream thread's poll returns (up to poll.ms later). Under load this is when every deadline is found.
        if (floorMs >= 0) {
            applyDue(Math.min(lastInputWallMs, newestInputMs), lastInputWallMs); // one peek when nothing is due
        }
    }

    private void register(String id, TrackedComponent current, Registration registration, long at) {
        Instant when = Instant.ofEpochMilli(at);
        BeatHistory fresh = timing.phiFor(registration.failureDetector()) == null ? null : PhiAccrual.seed(timing.intervalMs());
        if (current == null) {
            ComponentStatus view = ComponentStatus.registered(registration, when, fresh);
            track(id, view, at);
            emit(id, view, transition("component-registered", view, null, when), at);
        } else {
            // Registering the same instance again is a restart: new registration data, and it counts as a beat. Its
            // beat history starts afresh too: the pause while it restarted is no interval between beats.
            renew(id, current.view().withRegistration(registration, fresh), null, at, true);
        }
    }

    private void renew(String id, ComponentStatus view, Heartbeat beat, long at) {
        renew(id, view, beat, at, false);
    }

    private void renew(String id, ComponentStatus view, Heartbeat beat, long at, boolean registered) {
        Instant when = Instant.ofEpochMilli(at);
        // A (re-)registration is a fresh start: it clears what the component last reported of itself.
        ReportedStatus reported = beat == null ? null : beat.status();
        Map<String, Double> metrics = beat == null || beat.metrics() == null ? view.metrics() : Decoded.compact(beat.metrics());
        Status next = reported == ReportedStatus.DEGRADED || reported == ReportedStatus.UNHEALTHY ? Status.DEGRADED : Status.HEALTHY;
        BeatHistory history = registered ? view.beatHistory() : historyAfterBeat(view, at);
        ComponentStatus beaten = view.withBeat(when, reported, metrics, history);
        if (next != view.status()) {
            ComponentStatus moved = beaten.withStatus(next, when);
            track(id, moved, at);
            String event = next == Status.HEALTHY ? "component-recovered" : "component-degraded";
            emit(id, moved, transition(event, moved, view.status(), when), at);
        } else if (registered) {
            track(id, beaten, at);
            emit(id, beaten, null, at);
        } else {
            long deadline = deadlineAfterBeat(beaten, at);
            latest.put(id, new TrackedComponent(beaten, deadline, Due.DEGRADE));
            unpublished.add(id);
            index.put(id, deadline);
        }
    }

    private void deregister(String id, TrackedComponent current, long at) {
        store.delete(id);
        latest.remove(id);
        index.remove(id);
        unpublished.remove(id);
        publishedAt.remove(id);
        Instant when = Instant.ofEpochMilli(at);
        context.forward(new Record<>(id, new LivenessChange(null,
                transition("component-deregistered", current.view(), current.view().status(), when)), at));
    }

    /** A beat (or registration) at {@code at}: the next deadline is M x I later, never before the recovery floor. */
    private void track(String id, ComponentStatus view, long at) {
        long deadline = deadlineAfterBeat(view, at);
        write(id, new TrackedComponent(view, deadline, Due.DEGRADE));
        index.put(id, deadline);
    }

    /**
     * The degrade deadline after a beat at {@code at}: the silence the component's detector allows, never before the
     * recovery floor: recovery + M x I, and for a phi component also recovery + its own silence.
     */
    private long deadlineAfterBeat(ComponentStatus view, long at) {
        long silence = silenceMs(view);
        return floorMs < 0 ? at + silence : Math.max(at + silence, Math.max(floorMs, recoveredAtMs + silence));
    }

    /** Silence after the last beat that makes a component degraded: M x I, or until φ reaches the phi threshold. */
    private long silenceMs(ComponentStatus view) {
        FailureDetector phi = timing.phiFor(view.failureDetector());
        return phi == null || view.beatHistory() == null ? timing.silenceMs() : PhiAccrual.detectionMs(view.beatHistory(), phi);
    }

    /**
     * The beat history after a beat at {@code at}, null when the fixed rule watches the component. A component that
     * phi watches without a history (the conductor's default became phi since its last beat) starts one.
     */
    private BeatHistory historyAfterBeat(ComponentStatus view, long at) {
        FailureDetector phi = timing.phiFor(view.failureDetector());
        if (phi == null) {
            return null;
        }
        if (view.beatHistory() == null) {
            return PhiAccrual.seed(timing.intervalMs());
        }
        return PhiAccrual.afterBeat(view.beatHistory(), at - view.lastHeartbeat().toEpochMilli(), phi);
    }

    /** The newest state of a component, null if this task does not track it. */
    private TrackedComponent load(String id) {
        return latest.get(id);
    }

    /** Writes the store (and so the changelog) and the newest state together. */
    private void write(String id, TrackedComponent tc) {
        unpublished.remove(id);
        store.put(id, tc);
        latest.put(id, tc);
    }

    /** Applies every transition whose deadline passed, then publishes beats whose second is up. */
    void sweep(long nowMs) {
        if (!gate.isOpen()) {
            return; // still restoring or rebalancing: nothing is due yet
        }
        if (floorMs < 0) {
            recoveredAtMs = nowMs;
            floorMs = nowMs + timing.silenceMs();
            floorPhiDeadlines();
            LOG.infof("liveness task %s recovered: no deadline before %s", context.taskId(), Instant.ofEpochMilli(floorMs));
        }
        applyDue(horizon(nowMs), nowMs);
        publishUnpublished(nowMs);
    }

    /** How far the input is known to be read at {@code nowMs}: no deadline after it may pass yet. */
    private long horizon(long nowMs) {
        if (nowMs - lastInputWallMs >= QUIET_MS) {
            return nowMs; // idle
        }
        long read = Math.min(nowMs, newestInputMs);
        return lastInputDelayMs <= CAUGHT_UP_MS ? Math.max(read, nowMs - CAUGHT_UP_MS) : read; // caught up : behind
    }

    /** Applies every transition due up to {@code horizon} (never before the recovery floor), at {@code nowMs}. */
    private void applyDue(long horizon, long nowMs) {
        if (horizon < floorMs) {
            return;
        }
        DeadlineIndex.Entry due;
        while ((due = index.pollDue(horizon)) != null) {
            TrackedComponent tc = load(due.componentId());
            if (tc != null) {
                expire(due.componentId(), tc, Math.max(due.deadlineMs(), floorMs), nowMs);
            }
        }
    }

    /**
     * At recovery, a phi component whose detector allows more silence than M x I gets that much after recovery
     * (the global floor only guarantees M x I): downtime is never silence, whichever detector watches.
     */
    private void floorPhiDeadlines() {
        latest.forEach((id, tc) -> {
            if (tc.due() == Due.DEGRADE && tc.view().beatHistory() != null) {
                long floor = recoveredAtMs + silenceMs(tc.view());
                if (floor > Math.max(tc.deadlineMs(), floorMs)) {
                    index.put(id, floor);
                }
            }
        });
    }

    private void expire(String id, TrackedComponent tc, long deadlineMs, long nowMs) {
        ComponentStatus view = tc.view();
        Instant when = Instant.ofEpochMilli(nowMs);
        switch (tc.due()) {
            case DEGRADE -> {
                // Offline counts from the degrade deadline, so a late sweep does not stretch the grace.
                long offlineAt = deadlineMs + timing.graceMs();
                if (view.status() == Status.HEALTHY) {
                    ComponentStatus degraded = view.withStatus(Status.DEGRADED, when);
                    write(id, new TrackedComponent(degraded, offlineAt, Due.OFFLINE));
                    emit(id, degraded, transition("component-degraded", degraded, Status.HEALTHY, when), nowMs);
                    detectionLag.accept(nowMs - deadlineMs);
                } else {
                    // Already degraded by its own report, and now silent too: the grace starts.
                    write(id, new TrackedComponent(view, offlineAt, Due.OFFLINE));
                }
                index.put(id, offlineAt);
            }
            case OFFLINE -> {
                ComponentStatus offline = view.withStatus(Status.OFFLINE, when);
                write(id, new TrackedComponent(offline, 0, Due.NOTHING));
                emit(id, offline, transition("component-offline", offline, view.status(), when), nowMs);
            }
            case NOTHING -> {
            }
        }
    }

    private void publishUnpublished(long nowMs) {
        Iterator<String> it = unpublished.iterator();
        while (it.hasNext()) {
            String id = it.next();
            if (nowMs - publishedAt.getOrDefault(id, 0L) >= STATUS_REFRESH_MS) {
                it.remove();
                TrackedComponent tc = latest.get(id);
                store.put(id, tc);
                publishedAt.put(id, nowMs);
                context.forward(new Record<>(id, new LivenessChange(tc.view(), null), nowMs));
            }
        }
    }

    @Override
    public void close() {
        // A clean stop (shutdown, task moving away) keeps every beat: write what the sweep has not written yet.
        unpublished.forEach(id -> store.put(id, latest.get(id)));
        unpublished.clear();
    }

    private void emit(String id, ComponentStatus view, HarmonyEvent event, long at) {
        unpublished.remove(id);
        publishedAt.put(id, at);
        context.forward(new Record<>(id, new LivenessChange(view, event), at));
    }

    private static HarmonyEvent transition(String name, ComponentStatus view, Status from, Instant at) {
        String status = "component-deregistered".equals(name) ? "deregistered" : view.status().wire();
        return HarmonyEvent.of(name, at, new ComponentEventData(view.componentId(), view.component(), status,
                from == null ? null : from.wire(), view.lastHeartbeat()));
    }
}
