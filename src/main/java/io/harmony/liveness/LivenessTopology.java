package io.harmony.liveness;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.harmony.config.HarmonyConfig;
import io.harmony.config.JsonSerdes;
import io.harmony.config.KafkaNames.Topics;
import io.harmony.events.HarmonyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import static io.harmony.config.KafkaNames.Stores.COMPONENTS;
import static io.harmony.config.KafkaNames.Stores.STATUS_VIEW;

/**
 * The liveness topology: registrations and heartbeats renew each component's deadline, a wall-clock sweeper applies
 * the transitions due, and the result becomes harmony.status (the view every replica reads) and harmony.events.
 */
@ApplicationScoped
public class LivenessTopology {

    private final LivenessTiming timing;
    private final ViewTracker tracker;
    private final RecoveryGate gate;

    @Inject
    LivenessTopology(HarmonyConfig config, ViewTracker tracker, RecoveryGate gate) {
        this(LivenessTiming.from(config), tracker, gate);
    }

    public LivenessTopology(LivenessTiming timing, ViewTracker tracker, RecoveryGate gate) {
        this.timing = timing;
        this.tracker = tracker;
        this.gate = gate;
    }

    @Produces
    public Topology topology() {
        var builder = new StreamsBuilder();
        builder.addStateStore(componentsStore());
        var inputs = registrationsAndHeartbeats(builder);  // both renew a component's deadline
        var changes = trackDeadlines(inputs);               // DeadlineSweeper, punctuated on wall-clock time
        publishStatus(changes);                             // → harmony.status, the compacted liveness view
        publishTransitions(changes);                        // → harmony.events
        materializeStatusView(builder);                     // harmony.status → every replica's read view
        return builder.build();
    }

    private static StoreBuilder<KeyValueStore<String, TrackedComponent>> componentsStore() {
        // Changelogged, so a task moving to another replica (or a restart without local state) keeps every deadline.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMPONENTS), Serdes.String(),
                JsonSerdes.of(TrackedComponent.class)).withCachingEnabled();
    }

    private static KStream<String, LivenessInput> registrationsAndHeartbeats(StreamsBuilder builder) {
        // A null registration is a tombstone: the component deregistered.
        KStream<String, LivenessInput> registrations = builder
                .stream(Topics.REGISTRATIONS, Consumed.with(Serdes.String(), JsonSerdes.of(Registration.class)))
                .mapValues(LivenessInput::ofRegistration);
        KStream<String, LivenessInput> heartbeats = builder
                .stream(Topics.HEARTBEATS, Consumed.with(Serdes.String(), JsonSerdes.of(Heartbeat.class)))
                .filter((id, beat) -> beat != null)
                .mapValues(LivenessInput::ofHeartbeat);
        return registrations.merge(heartbeats);
    }

    private KStream<String, LivenessChange> trackDeadlines(KStream<String, LivenessInput> inputs) {
        return inputs.process(() -> new DeadlineSweeper(timing, gate), COMPONENTS);
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

    private void materializeStatusView(StreamsBuilder builder) {
        // In memory and unlogged: the compacted topic is its changelog, replayed when a replica starts.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATUS_VIEW), Serdes.String(),
                        JsonSerdes.of(ComponentStatus.class)).withLoggingDisabled(),
                Topics.STATUS, Consumed.with(Serdes.String(), JsonSerdes.of(ComponentStatus.class)),
                () -> new StatusViewUpdater(tracker));
    }
}
