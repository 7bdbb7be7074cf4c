package io.harmony.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.harmony.liveness.ComponentEventData;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.LivenessTiming;
import io.harmony.liveness.RecoveryGate;
import io.harmony.liveness.Registration;
import io.harmony.liveness.Status;
import io.harmony.liveness.ViewTracker;
import io.harmony.kafka.JsonSerdes;
import io.harmony.kafka.KafkaNames.Stores;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.kafka.TopicSetup;
import io.harmony.alerting.AlertEventData;
import io.harmony.events.HarmonyEvent;

/** The status machine, driven by wall-clock time that the test advances; no broker, no Quarkus. */
class ConductorTopologyTest {
    static final LivenessTiming TIMING = new LivenessTiming(500, 3, 3000, 100);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    TopologyTestDriver driver;
    RecoveryGate gate;
    TestInputTopic<String, Registration> registrations;
    TestInputTopic<String, String> heartbeats;
    TestOutputTopic<String, ComponentStatus> status;
    TestOutputTopic<String, HarmonyEvent> events;

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "liveness-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd-").toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        gate = new RecoveryGate();
        driver = new TopologyTestDriver(Topologies.of(TIMING, new ViewTracker(), gate).topology(), props, T0);
        registrations = driver.createInputTopic(Topics.REGISTRATIONS, new StringSerializer(), JsonSerdes.of(Registration.class).serializer());
        heartbeats = driver.createInputTopic(Topics.HEARTBEATS, new StringSerializer(), new StringSerializer());
        status = driver.createOutputTopic(Topics.STATUS, Serdes.String().deserializer(), JsonSerdes.of(ComponentStatus.class).deserializer());
        events = driver.createOutputTopic(Topics.EVENTS, Serdes.String().deserializer(), JsonSerdes.of(HarmonyEvent.class).deserializer());
    }

    /** Streams runs: the gate opens and the first sweep (at T0 + 100 ms) is the recovery moment. */
    void recover() {
        gate.open();
        driver.advanceWallClockTime(Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static Registration registration(String id, Instant at) {
        return new Registration(id, "hub", "1.0.0", "127.0.0.1", 8000, Status.HEALTHY, List.of("search"), null, Map.of(), at, at);
    }

    /** Alert events seen so far (the built-in component-degraded rule), kept apart from the transitions. */
    final List<HarmonyEvent> alerts = new java.util.ArrayList<>();

    /** The transitions written since the last call; alert events go to {@link #alerts}. */
    List<String> eventNames() {
        List<String> names = new java.util.ArrayList<>();
        for (HarmonyEvent e : events.readValuesToList()) {
            if (e.event().startsWith("alert-")) {
                alerts.add(e);
            } else {
                names.add(e.event());
            }
        }
        return names;
    }

    @Test
    void silentComponentGoesDegradedThenOfflineAndRecoversOnABeat() {
        recover();
        // Given a component registered at T0
        registrations.pipeInput(new TestRecord<>("hub-001", registration("hub-001", T0), T0));
        assertEquals(List.of("component-registered"), eventNames());
        assertEquals(Status.HEALTHY, status.readValuesToList().get(0).status());

        // When it stays silent just short of M x I, nothing happens
        driver.advanceWallClockTime(Duration.ofMillis(1400));
        assertTrue(events.isEmpty());

        // Then the first sweep past the deadline degrades it
        driver.advanceWallClockTime(Duration.ofMillis(200));
        assertEquals(List.of("component-degraded"), eventNames());
        assertEquals(Status.DEGRADED, status.readValuesToList().get(0).status());
        // and the built-in rule fires for it, once
        assertEquals(List.of("alert-firing"), alerts.stream().map(HarmonyEvent::event).toList());
        assertEquals("component-degraded", alerts.get(0).data(AlertEventData.class).alertName());
        assertEquals("hub-001", alerts.get(0).data(AlertEventData.class).componentId());

        // And G after the degrade deadline it is offline, not before
        driver.advanceWallClockTime(Duration.ofMillis(2800));
        assertTrue(events.isEmpty());
        driver.advanceWallClockTime(Duration.ofMillis(400));
        assertEquals(List.of("component-offline"), eventNames());
        // status == degraded matches only degraded: offline resolves it
        assertEquals(List.of("alert-firing", "alert-resolved"), alerts.stream().map(HarmonyEvent::event).toList());
        assertEquals(Status.OFFLINE, status.readValuesToList().get(0).status());

        // When it beats again it is healthy at once
        Instant beat = T0.plusMillis(5000);
        heartbeats.pipeInput(new TestRecord<>("hub-001", "{\"component_id\":\"hub-001\",\"metrics\":{\"errors\":1}}", beat));
        assertEquals(List.of("component-recovered"), eventNames());
        ComponentStatus recovered = status.readValuesToList().get(0);
        assertEquals(Status.HEALTHY, recovered.status());
        assertEquals(beat, recovered.lastHeartbeat());
        assertEquals(1.0, recovered.metrics().get("errors"));
    }

    @Test
    void downtimeIsNeverSilenceDeadlinesStartAgainAtRecovery() {
        // Given a component registered at T0, and a conductor that is not running for 10 s (gate closed)
        registrations.pipeInput(new TestRecord<>("hub-001", registration("hub-001", T0), T0));
        events.readValuesToList();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertTrue(events.isEmpty());

        // When Streams runs again (recovery at T0 + 10.1 s), the deadline becomes recovery + M x I
        gate.open();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        driver.advanceWallClockTime(Duration.ofMillis(1400));
        assertTrue(events.isEmpty());
        driver.advanceWallClockTime(Duration.ofMillis(200));
        assertEquals(List.of("component-degraded"), eventNames());

        // And offline follows G after that, not G after the stale deadline
        driver.advanceWallClockTime(Duration.ofMillis(2800));
        assertTrue(events.isEmpty());
        driver.advanceWallClockTime(Duration.ofMillis(400));
        assertEquals(List.of("component-offline"), eventNames());
    }

    @Test
    void beatsKeepAComponentHealthyAndPublishStatusAtMostOncePerSecond() {
        recover();
        registrations.pipeInput(new TestRecord<>("hub-001", registration("hub-001", T0), T0));
        status.readValuesToList();
        events.readValuesToList();
        for (int i = 1; i <= 20; i++) { // 20 beats, 250 ms apart: 5 s of life, never silent for 1.5 s
            Instant at = T0.plusMillis(250L * i);
            heartbeats.pipeInput(new TestRecord<>("hub-001", "{\"component_id\":\"hub-001\"}", at));
            driver.advanceWallClockTime(Duration.ofMillis(250));
        }
        assertTrue(events.isEmpty());
        List<ComponentStatus> published = status.readValuesToList();
        assertTrue(published.size() >= 4 && published.size() <= 6, "published " + published.size() + " times in 5 s");
        assertTrue(published.stream().allMatch(s -> s.status() == Status.HEALTHY));
    }

    @Test
    void aTopologyBehindItsInputDegradesNoComponentWhoseBeatsAreStillInTheBacklog() {
        recover();
        registrations.pipeInput(new TestRecord<>("hub-001", registration("hub-001", T0), T0));
        registrations.pipeInput(new TestRecord<>("api-001", registration("api-001", T0), T0));
        eventNames();
        // The topology reads its input 4 s late (M x I is 1.5 s): records keep coming, each stamped 4 s before the
        // wall clock. hub-001 beat every 250 ms all along; api-001 beat once and fell silent.
        heartbeats.pipeInput(new TestRecord<>("api-001", "{\"component_id\":\"api-001\"}", T0.plusMillis(100)));
        for (int i = 1; i <= 24; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(250));
            Instant stamped = T0.plusMillis(Math.max(0, 100 + 250L * i - 4000));
            heartbeats.pipeInput(new TestRecord<>("hub-001", "{\"component_id\":\"hub-001\"}", stamped));
        }
        // At wall clock T0 + 6.1 s the input has been read up to T0 + 2.1 s: api-001's deadline (T0 + 1.6 s) has
        // passed in it, hub-001's beats keep renewing its own.
        assertEquals(List.of("component-degraded api-001"), transitionsOf(events.readValuesToList()));

        // When the input goes idle, the wall clock decides again (T0 + 6.6 s): hub-001's last beat (T0 + 2.1 s) is
        // past both its deadlines, api-001 past its grace
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertEquals(List.of("component-degraded hub-001", "component-offline api-001", "component-offline hub-001"),
                transitionsOf(events.readValuesToList()));
    }

    /** Recovery at wall clock T0 + 100 ms (floor T0 + 1.6 s), then hub-001 and api-001 registered: api-001 due T0 + 1.6 s. */
    void recoverWithHubAndApi() {
        recover();
        registrations.pipeInput(new TestRecord<>("hub-001", registration("hub-001", T0), T0.plusMillis(100)));
        registrations.pipeInput(new TestRecord<>("api-001", registration("api-001", T0), T0.plusMillis(100)));
        eventNames();
    }

    /** hub-001 beats read at wall clock T0 + each of {@code readAtMs} (from T0 + 100 ms on), each stamped {@code lateMs} earlier. */
    void hubBeatsReadAt(long lateMs, long... readAtMs) {
        long wall = 100;
        for (long at : readAtMs) {
            driver.advanceWallClockTime(Duration.ofMillis(at - wall));
            wall = at;
            heartbeats.pipeInput(new TestRecord<>("hub-001", "{\"component_id\":\"hub-001\"}", T0.plusMillis(at - lateMs)));
        }
    }

    @Test
    void aSparseInputThatIsReadAsItComesHasItsDeadlinesAppliedWithinTheCatchUpMargin() {
        recoverWithHubAndApi();
        // A small fleet: hub-001 beats every 300 ms, each beat read the moment it is stamped; api-001 stays silent
        // (deadline T0 + 1.6 s)
        hubBeatsReadAt(0, 400, 700, 1000, 1300);
        // The sweep at T0 + 1.7 s: the input was read up to T0 + 1.3 s and is not yet quiet (500 ms), but it was read as
        // it came, so anything stamped before T0 + 1.65 s would have been read: the deadline is applied 100 ms late,
        // not at T0 + 1.8 s (quiet) or whenever hub-001 next beats.
        driver.advanceWallClockTime(Duration.ofMillis(400));
        assertEquals(List.of("component-degraded api-001"), transitionsOf(events.readValuesToList()));
    }

    @Test
    void aDeadlineIsAppliedWhenTheInputPassesItNotAtTheNextSweep() {
        recoverWithHubAndApi();
        // hub-001 beats every 400 ms, each read 200 ms after it was stamped (the task is behind); api-001 stays
        // silent (deadline T0 + 1.6 s)
        hubBeatsReadAt(200, 400, 800, 1200);
        // The sweep at T0 + 1.65 s may not apply it: the input was read only up to T0 + 1.0 s, and a beat of api-001
        // stamped before its deadline could still be on its way
        driver.advanceWallClockTime(Duration.ofMillis(450));
        assertEquals(List.of(), transitionsOf(events.readValuesToList()));
        // The next record read is stamped past the deadline: api-001 is degraded while it is processed, without
        // waiting for the next sweep (the wall clock does not move here, so no punctuation runs)
        heartbeats.pipeInput(new TestRecord<>("hub-001", "{\"component_id\":\"hub-001\"}", T0.plusMillis(1650)));
        assertEquals(List.of("component-degraded api-001"), transitionsOf(events.readValuesToList()));
    }

    static List<String> transitionsOf(List<HarmonyEvent> written) {
        return written.stream().filter(e -> !e.event().startsWith("alert-"))
                .map(e -> e.event() + " " + e.data(ComponentEventData.class).componentId()).toList();
    }

    @Test
    void theTopicsCreatedAheadOfStreamsAreEveryInternalTopicItNeeds() {
        TopologyDescription description = Topologies.of(TIMING, new ViewTracker(), gate).topology().describe();
        Set<String> logged = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream()).collect(Collectors.toSet());
        // TopicSetup creates these stores' changelogs with the cluster's replication; a store it missed would get
        // Streams' own replication.factor, so adding a store means adding it to Stores.CHANGELOGGED.
        assertEquals(Set.copyOf(Stores.CHANGELOGGED), logged);
        Set<String> planned = TopicSetup.plan(2, TopicSetup.Replication.of(OptionalInt.empty(), OptionalInt.empty(), 3)).stream()
                .map(NewTopic::name).collect(Collectors.toSet());
        // Every source is a topic of the plan: no repartition topic, which Streams would create on its own.
        description.subtopologies().stream().flatMap(s -> s.nodes().stream()).filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .forEach(topic -> assertTrue(planned.contains(topic), topic + " is not created by TopicSetup"));
        Stores.CHANGELOGGED.forEach(store -> assertTrue(planned.contains(Stores.changelog(store))));
        // ViewsReady waits for every partition of Stores.GLOBAL_VIEWS: a view missing there would be read half-replayed.
        Map<String, String> views = description.globalStores().stream().collect(Collectors.toMap(
                g -> g.processor().stores().iterator().next(), g -> g.source().topicSet().iterator().next()));
        assertEquals(Stores.GLOBAL_VIEWS, views);
    }

    @Test
    void undecodableHeartbeatIsSkippedAndUnknownIdsAreIgnored() {
        recover();
        heartbeats.pipeInput(new TestRecord<>("hub-001", "not json at all", T0));
        heartbeats.pipeInput(new TestRecord<>("ghost-001", "{\"component_id\":\"ghost-001\"}", T0));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertTrue(events.isEmpty());
        assertTrue(status.isEmpty());
    }

    @Test
    void deregisteringWritesATombstoneAndAnEvent() {
        recover();
        registrations.pipeInput(new TestRecord<>("hub-001", registration("hub-001", T0), T0));
        status.readValuesToList();
        events.readValuesToList();
        registrations.pipeInput(new TestRecord<>("hub-001", null, T0.plusMillis(100)));
        assertEquals(List.of("component-deregistered"), eventNames());
        assertNull(status.readKeyValue().value);
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertTrue(events.isEmpty());
    }

    @Test
    void componentReportingUnhealthyIsDegradedAndGoesOfflineOnlyAfterFallingSilent() {
        recover();
        registrations.pipeInput(new TestRecord<>("hub-001", registration("hub-001", T0), T0));
        events.readValuesToList();
        heartbeats.pipeInput(new TestRecord<>("hub-001", "{\"component_id\":\"hub-001\",\"status\":\"unhealthy\"}", T0.plusMillis(100)));
        assertEquals(List.of("component-degraded"), eventNames());
        driver.advanceWallClockTime(Duration.ofMillis(1700)); // silent past M x I: the grace starts, no new event
        assertTrue(events.isEmpty());
        driver.advanceWallClockTime(Duration.ofMillis(3000));
        assertEquals(List.of("component-offline"), eventNames());
    }
}
