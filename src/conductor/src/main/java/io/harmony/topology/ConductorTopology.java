package io.harmony.topology;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.harmony.alerting.AlertEvaluator;
import io.harmony.alerting.AlertInput;
import io.harmony.alerting.AlertOutput;
import io.harmony.alerting.AlertRule;
import io.harmony.alerting.AlertRules;
import io.harmony.alerting.AlertState;
import io.harmony.alerting.AlertSubject;
import io.harmony.alerting.AlertViews;
import io.harmony.commands.CommandEntry;
import io.harmony.commands.CommandOutput;
import io.harmony.commands.CommandResultsProcessor;
import io.harmony.commands.CommandsView;
import io.harmony.config.HarmonyConfig;
import io.harmony.kafka.GlobalView;
import io.harmony.kafka.ComponentIdSerde;
import io.harmony.kafka.JsonSerdes;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.events.HarmonyEvent;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.DeadlineSweeper;
import io.harmony.liveness.DetectionLag;
import io.harmony.liveness.Heartbeat;
import io.harmony.liveness.LivenessChange;
import io.harmony.liveness.LivenessInput;
import io.harmony.liveness.LivenessTiming;
import io.harmony.liveness.RecoveryGate;
import io.harmony.liveness.Registration;
import io.harmony.liveness.TrackedComponent;
import io.harmony.liveness.ViewTracker;
import io.harmony.metrics.MetricPoint;
import io.harmony.metrics.MetricsSettings;
import io.harmony.metrics.MetricsRecorder;
import io.harmony.metrics.Rollup;
import io.harmony.security.AccessRule;
import io.harmony.security.AccessRulesView;
import io.harmony.security.TokenRecord;
import io.harmony.security.TokensView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import static io.harmony.kafka.KafkaNames.Stores.ACCESS_CONTROL_VIEW;
import static io.harmony.kafka.KafkaNames.Stores.ALERT_RULES_VIEW;
import static io.harmony.kafka.KafkaNames.Stores.ALERT_STATES;
import static io.harmony.kafka.KafkaNames.Stores.ALERT_STATES_VIEW;
import static io.harmony.kafka.KafkaNames.Stores.ALERT_SUBJECTS;
import static io.harmony.kafka.KafkaNames.Stores.COMMANDS_VIEW;
import static io.harmony.kafka.KafkaNames.Stores.COMPONENTS;
import static io.harmony.kafka.KafkaNames.Stores.METRICS_RAW;
import static io.harmony.kafka.KafkaNames.Stores.METRICS_ROLLUPS;
import static io.harmony.kafka.KafkaNames.Stores.STATUS_VIEW;
import static io.harmony.kafka.KafkaNames.Stores.TOKENS_VIEW;

/**
 * The conductor's one Kafka Streams topology, composed here so that liveness, metrics, alerting and commands need not
 * know each other: registrations and heartbeats renew each component's deadline, a wall-clock sweeper applies
 * the transitions due, and the result becomes harmony.status (the view every replica reads) and harmony.events.
 * The heartbeats' metrics become each component's history (raw points and roll-ups) and, with the transitions, feed
 * the alert evaluator, whose firings go to harmony.events and whose states to harmony.alert-states.
 */
@ApplicationScoped
public class ConductorTopology {

    private final LivenessTiming timing;
    private final ViewTracker tracker;
    private final RecoveryGate gate;
    private final MetricsSettings metrics;
    private final AlertRule builtInRule;
    private final AlertViews alertViews;
    private final CommandsView commands;
    private final TokensView tokens;
    private final AccessRulesView accessRules;
    private java.util.function.LongConsumer detectionLag = lagMs -> { };

    @Inject
    ConductorTopology(HarmonyConfig config, ViewTracker tracker, RecoveryGate gate, AlertRules rules, AlertViews alertViews,
            CommandsView commands, TokensView tokens, AccessRulesView accessRules, DetectionLag lag) {
        this(LivenessTiming.from(config), tracker, gate, MetricsSettings.from(config), rules.builtIn(), alertViews, commands,
                tokens, accessRules);
        this.detectionLag = lag::record;
    }

    /** Every part explicit: how the application builds it from config, and how topology tests build it from theirs. */
    public ConductorTopology(LivenessTiming timing, ViewTracker tracker, RecoveryGate gate, MetricsSettings metrics,
            AlertRule builtInRule, AlertViews alertViews, CommandsView commands, TokensView tokens, AccessRulesView accessRules) {
        this.timing = timing;
        this.tracker = tracker;
        this.gate = gate;
        this.metrics = metrics;
        this.builtInRule = builtInRule;
        this.alertViews = alertViews;
        this.commands = commands;
        this.tokens = tokens;
        this.accessRules = accessRules;
    }

    @Produces
    public Topology topology() {
        var builder = new StreamsBuilder();
        builder.addStateStore(componentsStore());
        metricsStores().forEach(builder::addStateStore);
        var registrations = registrations(builder);
        var heartbeats = heartbeats(builder);
        var changes = trackDeadlines(registrations.merge(heartbeats)); // both renew a deadline; DeadlineSweeper
        publishStatus(changes);                             // → harmony.status, the compacted liveness view
        publishTransitions(changes);                        // → harmony.events
        // harmony.status → every replica's read view; on disk, as the one view that grows with the fleet (below)
        globalView(builder, Stores.persistentKeyValueStore(STATUS_VIEW), Topics.STATUS, ComponentStatus.class,
                (id, status, partition, offset) -> tracker.applied(id, status));
        var points = recordMetrics(heartbeats);             // → metrics-raw, metrics-rollups (with *_per_minute)
        globalView(builder, ALERT_RULES_VIEW, Topics.ALERTS, AlertRule.class,   // harmony.alerts → every replica's rules
                (name, rule, partition, offset) -> alertViews.rulesApplied().applied(partition, offset));
        var alerts = evaluateAlerts(points, changes);       // every beat and every transition, once per component
        publishAlerts(alerts);                              // → harmony.events, harmony.alert-states
        globalView(builder, ALERT_STATES_VIEW, Topics.ALERT_STATES, AlertState.class, // → every replica's /alerts view
                (key, state, partition, offset) -> alertViews.statesApplied().applied(partition, offset));
        globalView(builder, COMMANDS_VIEW, Topics.COMMANDS, CommandEntry.class, // → every replica's heartbeat acks
                (key, entry, partition, offset) -> commands.applied(key, entry));
        applyCommandResults(heartbeats);                    // beats' command_results → harmony.commands, harmony.events
        globalView(builder, TOKENS_VIEW, Topics.TOKENS, TokenRecord.class,     // → every replica's bearer check
                (id, token, partition, offset) -> tokens.applied(id, token));
        globalView(builder, ACCESS_CONTROL_VIEW, Topics.ACCESS_CONTROL, AccessRule.class, // → every replica's send checks
                (from, rule, partition, offset) -> accessRules.applied(from, rule));
        return builder.build();
    }

    private static StoreBuilder<KeyValueStore<String, TrackedComponent>> componentsStore() {
        // Changelogged, so a task moving to another replica (or a restart without local state) keeps every deadline.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMPONENTS), Serdes.String(),
                JsonSerdes.of(TrackedComponent.class));
    }

    private static KStream<String, LivenessInput> registrations(StreamsBuilder builder) {
        // A null registration is a tombstone: the component deregistered.
        return builder.stream(Topics.REGISTRATIONS, Consumed.with(ComponentIdSerde.serde(), JsonSerdes.of(Registration.class)))
                .mapValues(LivenessInput::ofRegistration);
    }

    private static KStream<String, LivenessInput> heartbeats(StreamsBuilder builder) {
        return builder.stream(Topics.HEARTBEATS, Consumed.with(ComponentIdSerde.serde(), JsonSerdes.of(Heartbeat.class)))
                .filter((id, beat) -> beat != null)
                .mapValues(LivenessInput::ofHeartbeat);
    }

    private List<StoreBuilder<?>> metricsStores() {
        // Changelogged like the components store: a component's history and alert states move with its task.
        // No record caches (here and on the components store): a cache holds each written value as bytes on the heap
        // until the next commit, long enough to survive young collections and be copied or promoted, which made the GC
        // pauses that set the heartbeat p99. The processors keep decoded copies of what they read per beat instead.
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(METRICS_RAW), Serdes.String(), JsonSerdes.of(MetricPoint.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(METRICS_ROLLUPS), Serdes.String(), JsonSerdes.of(Rollup.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_SUBJECTS), Serdes.String(), JsonSerdes.of(AlertSubject.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_STATES), Serdes.String(), JsonSerdes.of(AlertState.class)));
    }

    private KStream<String, MetricPoint> recordMetrics(KStream<String, LivenessInput> heartbeats) {
        return heartbeats.filter((id, in) -> in.heartbeat() != null)
                .mapValues(LivenessInput::heartbeat)
                .process(() -> new MetricsRecorder(metrics.rawRetention(), metrics.rollupRetention(), metrics.counters(), metrics.minInterval()),
                        METRICS_RAW, METRICS_ROLLUPS);
    }

    private KStream<String, AlertOutput> evaluateAlerts(KStream<String, MetricPoint> points, KStream<String, LivenessChange> changes) {
        KStream<String, AlertInput> fromPoints = points.mapValues(p -> AlertInput.metrics(p.metrics()));
        KStream<String, AlertInput> fromTransitions = changes.filter((id, change) -> change.event() != null)
                .mapValues(change -> change.status() == null ? AlertInput.gone()
                        : AlertInput.status(change.status().component(), change.status().status().wire()));
        return fromPoints.merge(fromTransitions).process(() -> new AlertEvaluator(builtInRule, alertViews.rulesApplied()::changes), ALERT_SUBJECTS, ALERT_STATES);
    }

    private static void publishAlerts(KStream<String, AlertOutput> alerts) {
        alerts.filter((id, out) -> out.event() != null).mapValues(AlertOutput::event)
                .to(Topics.EVENTS, Produced.with(Serdes.String(), JsonSerdes.of(HarmonyEvent.class)));
        alerts.filter((id, out) -> out.stateKey() != null)
                .selectKey((id, out) -> out.stateKey())
                .mapValues(AlertOutput::state)
                .to(Topics.ALERT_STATES, Produced.with(Serdes.String(), JsonSerdes.of(AlertState.class)));
    }

    private static void applyCommandResults(KStream<String, LivenessInput> heartbeats) {
        KStream<String, CommandOutput> outputs = heartbeats
                .filter((id, in) -> in.heartbeat() != null && in.heartbeat().commandResults() != null
                        && !in.heartbeat().commandResults().isEmpty())
                .mapValues(in -> in.heartbeat().commandResults())
                .process(CommandResultsProcessor::new);   // reads the global commands view
        outputs.selectKey((id, out) -> out.key()).mapValues(CommandOutput::entry)   // null entry: a tombstone
                .to(Topics.COMMANDS, Produced.with(Serdes.String(), JsonSerdes.of(CommandEntry.class)));
        outputs.filter((id, out) -> out.event() != null).mapValues(CommandOutput::event)
                .to(Topics.EVENTS, Produced.with(Serdes.String(), JsonSerdes.of(HarmonyEvent.class)));
    }

    private KStream<String, LivenessChange> trackDeadlines(KStream<String, LivenessInput> inputs) {
        return inputs.process(() -> new DeadlineSweeper(timing, gate, detectionLag), COMPONENTS);
    }

    private static void publishStatus(KStream<String, LivenessChange> changes) {
        // A null status (deregistered) becomes a tombstone on the compacted topic.
        changes.filter((id, change) -> change.status() != null || change.event() != null)
                .mapValues(LivenessChange::status)
                .to(Topics.STATUS, Produced.with(Serdes.String(), JsonSerdes.of(ComponentStatus.class)));
    }

    private static void publishTransitions(KStream<String, LivenessChange> changes) {
        changes.filter((id, change) -> change.event() != null)
                .mapValues(LivenessChange::event)
                .to(Topics.EVENTS, Produced.with(Serdes.String(), JsonSerdes.of(HarmonyEvent.class)));
    }

    /**
     * A compact topic as a global store: every replica holds all of it, unlogged (the compacted topic is its
     * changelog), and its owner hears each record applied. Small views live in memory and are replayed when a replica
     * starts.
     */
    private static <V> void globalView(StreamsBuilder builder, String store, String topic, Class<V> type, GlobalView.Listener<V> listener) {
        globalView(builder, Stores.inMemoryKeyValueStore(store), topic, type, listener);
    }

    /**
     * The status view holds every component's status: in memory that was ~700 bytes of JSON per component on the heap
     * (70 MB at 100,000), beside the sweeper's decoded copy. On disk it costs the heap nothing, and a restart replays
     * only what came after its checkpoint instead of the whole topic.
     */
    private static <V> void globalView(StreamsBuilder builder, KeyValueBytesStoreSupplier supplier, String topic, Class<V> type,
            GlobalView.Listener<V> listener) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(supplier, Serdes.String(), JsonSerdes.of(type)).withLoggingDisabled(),
                topic, Consumed.with(ComponentIdSerde.serde(), JsonSerdes.of(type)), () -> new GlobalView<>(supplier.name(), listener));
    }
}
