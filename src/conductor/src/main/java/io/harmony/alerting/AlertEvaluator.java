package io.harmony.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.harmony.json.Decoded;
import io.harmony.kafka.KafkaNames.Stores;
import io.harmony.events.HarmonyEvent;

/**
 * Evaluates every alert rule against a component on each of its heartbeats (metrics with derived rates) and each of
 * its transitions (status). Runs in the task that owns the component, so with any number of replicas exactly one
 * evaluator sees a component and each firing is emitted once. Pending becomes firing after {@code for_seconds}
 * (checked by a wall-clock punctuation, as a silent component sends nothing to re-evaluate on); resolved when the
 * condition clears, the component deregisters or the rule is deleted.
 */
public class AlertEvaluator implements Processor<String, AlertInput, String, AlertOutput> {
    static final Duration TICK = Duration.ofSeconds(1);

    private final AlertRule builtIn;
    private final Map<String, Condition> parsed = new HashMap<>();
    private ProcessorContext<String, AlertOutput> context;
    private KeyValueStore<String, AlertSubject> subjects;
    private KeyValueStore<String, AlertState> states;
    private ReadOnlyKeyValueStore<String, Object> rules;
    /**
     * The rules as of the last tick. Iterating the global store on every heartbeat is costly (each store iterator
     * registers and removes a client metric), and a rule configured a second ago may wait for the next tick.
     */
    private List<AlertRule> currentRules = List.of();
    /** The rules view's change count when {@link #currentRules} was read: an idle tick reads nothing. */
    private final LongSupplier rulesChanges;
    private long rulesReadAt = -1;
    /**
     * The keys of this task's alert states (the store's keys, kept as the store is written): most components have no
     * alert, so a beat need not read the store for each rule, and the tick need not open an iterator (each one
     * registers and removes a client metric) when there is nothing pending or firing.
     */
    private final Set<String> stateKeys = new HashSet<>();
    /**
     * The newest subject of every component this task saw since it started, with current metrics. The store holds a
     * subject's metrics only as of its last write: it is written when the component's name or status changes, or while
     * it has an alert state (so the tick and a restarted task evaluate pending alerts on current metrics), not on each
     * beat of a quiet component, which would be a store write (and a changelog record) per heartbeat.
     */
    private final Map<String, AlertSubject> current = new HashMap<>();

    public AlertEvaluator(AlertRule builtIn, LongSupplier rulesChanges) {
        this.builtIn = builtIn;
        this.rulesChanges = rulesChanges;
    }

    @Override
    public void init(ProcessorContext<String, AlertOutput> context) {
        this.context = context;
        this.subjects = context.getStateStore(Stores.ALERT_SUBJECTS);
        this.states = context.getStateStore(Stores.ALERT_STATES);
        this.rules = context.getStateStore(Stores.ALERT_RULES_VIEW);
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
        try (KeyValueIterator<String, AlertState> it = states.all()) {
            it.forEachRemaining(kv -> stateKeys.add(kv.key));
        }
        refreshRules();
    }

    @Override
    public void process(Record<String, AlertInput> record) {
        String id = record.key();
        AlertInput in = record.value();
        if (id == null || in == null) {
            return;
        }
        Instant now = Instant.now();
        if (in.deregistered()) {
            subjects.delete(id);
            current.remove(id);
            for (AlertState s : statesOf(id)) {
                clear(s, now);
            }
            return;
        }
        AlertSubject known = current.get(id);
        // Stored metrics may be older than the last beat (see current): only a beat's own metrics, or ones this
        // task saw, are evaluated; after a restart a transition evaluates status rules until the next beat.
        boolean metricsCurrent = known != null || in.metrics() != null;
        if (known == null) {
            known = subjects.get(id);
        }
        AlertSubject subject = new AlertSubject(
                in.component() != null ? in.component() : known == null ? null : known.component(),
                in.status() != null ? in.status() : known == null || known.status() == null ? "healthy" : known.status(),
                in.metrics() != null ? Decoded.compact(in.metrics()) : known == null ? Map.of() : known.metrics());
        current.put(id, subject);
        boolean statusChanged = in.status() != null;
        boolean alerting = false;
        for (AlertRule rule : currentRules) {
            // a heartbeat changes metrics, not status: status rules wait for a transition (or the tick)
            boolean statusRule = isStatusRule(rule);
            if (statusRule ? statusChanged : metricsCurrent) {
                alerting |= evaluate(rule, id, subject, now);
            }
        }
        if (alerting || known == null || !Objects.equals(known.component(), subject.component())
                || !Objects.equals(known.status(), subject.status())) {
            subjects.put(id, subject);
        }
    }

    private boolean isStatusRule(AlertRule rule) {
        return parsed.computeIfAbsent(rule.condition(), Condition::parse).isStatus();
    }

    /** Evaluates one rule for one component: true if it had or now has an alert state for it. */
    private boolean evaluate(AlertRule rule, String id, AlertSubject subject, Instant now) {
        if (subject.component() != null && !rule.appliesTo(subject.component())) {
            return false;
        }
        Condition condition = parsed.computeIfAbsent(rule.condition(), Condition::parse);
        Condition.Evaluation e = condition.evaluate(subject.metrics(), subject.status());
        String key = AlertState.key(rule.alertName(), id);
        AlertState state = stateKeys.contains(key) ? states.get(key) : null;
        if (!e.holds()) {
            if (state != null) {
                clear(state, now);
            }
            return state != null;
        }
        Instant since = state == null ? now : state.since();
        boolean due = Duration.between(since, now).toMillis() >= (long) (rule.forSeconds() * 1000);
        if (state != null && (state.firing() || !due)) {
            return true; // still firing (notified once, not on every beat) or still pending
        }
        AlertState next = new AlertState(rule.alertName(), id, subject.component(), condition.text(), e.value(),
                due ? AlertState.FIRING : AlertState.PENDING, since, due ? now : null);
        states.put(key, next);
        stateKeys.add(key);
        context.forward(new Record<>(id, new AlertOutput(null, key, next), now.toEpochMilli()));
        if (due) {
            context.forward(new Record<>(id, new AlertOutput(event("alert-firing", next, rule, now), key, next), now.toEpochMilli()));
        }
        return true;
    }

    /** The condition no longer holds (or the component or rule is gone): resolve a firing alert, drop a pending one. */
    private void clear(AlertState s, Instant now) {
        states.delete(s.key());
        stateKeys.remove(s.key());
        context.forward(new Record<>(s.componentId(), new AlertOutput(null, s.key(), null), now.toEpochMilli()));
        if (s.firing()) {
            AlertRule rule = ruleNamed(s.alertName());
            context.forward(new Record<>(s.componentId(), new AlertOutput(event("alert-resolved", s, rule, now), null, null),
                    now.toEpochMilli()));
        }
    }

    private void tick(long wallClock) {
        Instant now = Instant.ofEpochMilli(wallClock);
        refreshRules();
        for (AlertState s : statesWhere(key -> true)) {
            AlertRule rule = ruleNamed(s.alertName());
            AlertSubject subject = current.get(s.componentId());
            if (subject == null) {
                subject = subjects.get(s.componentId()); // a restarted task: stored while the state exists, so current
            }
            if (rule == null || subject == null) {
                clear(s, now);
            } else if (!s.firing()) {
                evaluate(rule, s.componentId(), subject, now);
            }
        }
    }

    private List<AlertState> statesOf(String id) {
        String suffix = AlertState.key("", id); // "|<id>": component ids hold no '|', so only this id's keys end so
        return statesWhere(key -> key.endsWith(suffix));
    }

    private List<AlertState> statesWhere(Predicate<String> keyFilter) {
        List<AlertState> found = new ArrayList<>();
        for (String key : stateKeys) { // callers change stateKeys only after this returns
            AlertState s = keyFilter.test(key) ? states.get(key) : null;
            if (s != null) {
                found.add(s);
            }
        }
        return found;
    }

    private void refreshRules() {
        long changes = rulesChanges.getAsLong(); // before reading: a rule applied meanwhile is read at the next tick
        if (changes != rulesReadAt) {
            currentRules = readRules();
            rulesReadAt = changes;
        }
    }

    private List<AlertRule> readRules() {
        List<AlertRule> all = new ArrayList<>();
        all.add(builtIn);
        try (KeyValueIterator<String, Object> it = rules.all()) {
            it.forEachRemaining(kv -> {
                AlertRule r = unwrap(kv.value);
                if (r != null) {
                    all.add(r);
                }
            });
        }
        return all;
    }

    private AlertRule ruleNamed(String name) {
        return builtIn.alertName().equals(name) ? builtIn : unwrap(rules.get(name));
    }

    @SuppressWarnings("unchecked")
    private static AlertRule unwrap(Object value) {
        // A global store read through a processor context may hand out timestamped values.
        Object v = value instanceof ValueAndTimestamp<?> vt ? vt.value() : value;
        return (AlertRule) v;
    }

    static HarmonyEvent event(String name, AlertState s, AlertRule rule, Instant at) {
        return HarmonyEvent.of(name, at, AlertEventData.of(s, rule));
    }
}
