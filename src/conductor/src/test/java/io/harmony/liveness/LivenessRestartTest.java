package io.harmony.liveness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.harmony.topology.Topologies;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.TopicSetup;
import io.harmony.kafka.KafkaNames;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.embedded.EmbeddedKafka;

/**
 * The liveness topology stopped and started again over the same broker and state, for longer than the grace:
 * downtime is never silence, and a component that stays silent after the restart still degrades and goes offline on
 * time. Its own broker, so its topology does not share topics with the application under the other tests.
 */
class LivenessRestartTest {
    // degraded after 1.5 s of silence, offline 1 s later: long enough that closing the first topology (which takes
    // longer as the topology grew) never lets the silent one degrade before the restart
    static final LivenessTiming TIMING = new LivenessTiming(500, 3, 1000, 100);
    static final long TOLERANCE_MS = 1000;

    static EmbeddedKafka kafka;
    static Path stateDir;
    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void broker() throws Exception {
        Path dir = Files.createTempDirectory("restart-test-");
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 0);
        stateDir = dir.resolve("streams");
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            TopicSetup.create(a, 2, kafka.bootstrapServers());
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close();
        kafka.close();
    }

    record Running(KafkaStreams streams, AtomicLong recoveredAt) {
        ReadOnlyKeyValueStore<String, ComponentStatus> view() {
            return streams.store(StoreQueryParameters.fromNameAndType(KafkaNames.Stores.STATUS_VIEW,
                    QueryableStoreTypes.<String, ComponentStatus>keyValueStore()));
        }

        Status status(String id) {
            ComponentStatus s = view().get(id);
            return s == null ? null : s.status();
        }
    }

    static Running startTopology() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "restart-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
        RecoveryGate gate = new RecoveryGate();
        AtomicLong recoveredAt = new AtomicLong();
        KafkaStreams streams = new KafkaStreams(Topologies.of(TIMING, new ViewTracker(), gate).topology(), props);
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING && recoveredAt.get() == 0) {
                recoveredAt.set(System.currentTimeMillis());
                gate.open();
            }
        });
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return new Running(streams, recoveredAt);
    }

    static void register(String id) throws Exception {
        Instant now = Instant.now();
        Registration r = new Registration(id, "restart", "1", "127.0.0.1", 9000, Status.HEALTHY, List.of(), null, Map.of(), now, now);
        producer.send(new ProducerRecord<>(Topics.REGISTRATIONS, id, Json.mapper().writeValueAsString(r))).get();
    }

    static void beat(String id) {
        producer.send(new ProducerRecord<>(Topics.HEARTBEATS, id, "{\"component_id\":\"" + id + "\"}"));
    }

    @Test
    void restartLongerThanTheGraceMarksNobodyDownAndSilentOnesStillExpireOnTime() throws Exception {
        // Given two components, both beating, under a running topology
        Running first = startTopology();
        register("beating-001");
        register("silent-001");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            beat("silent-001"); // silent only from the restart on
            return first.status("silent-001") == Status.HEALTHY && first.status("beating-001") == Status.HEALTHY;
        });

        // When silent-001 stops beating and the topology is down for longer than M x I + G
        long stoppedAt = System.currentTimeMillis();
        first.streams().close(Duration.ofSeconds(10));
        long downUntil = stoppedAt + TIMING.silenceMs() + TIMING.graceMs() + 1000;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            beat("beating-001"); // beats keep arriving on Kafka while the conductor is down
            return System.currentTimeMillis() > downUntil;
        });

        // Then, at recovery, nobody is degraded or offline merely because the conductor was down
        Running second = startTopology();
        long recoveredAt = second.recoveredAt().get();
        // (the silent one may already have degraded by the time this reads the view on a slow machine: then its
        // degrade must date from M x I after recovery, never from the downtime)
        ComponentStatus silentAtRecovery = second.view().get("silent-001");
        assertTrue(silentAtRecovery.status() == Status.HEALTHY
                || silentAtRecovery.statusSince().toEpochMilli() - recoveredAt >= TIMING.silenceMs() - 50,
                "silent-001 was " + silentAtRecovery.status() + " " + (silentAtRecovery.statusSince().toEpochMilli() - recoveredAt)
                        + " ms after recovery");
        assertEquals(Status.HEALTHY, second.status("beating-001"));

        // And the silent one degrades M x I after recovery (not before), then goes offline G later; the beating one stays
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            beat("beating-001");
            return second.status("silent-001") == Status.DEGRADED;
        });
        ComponentStatus degraded = second.view().get("silent-001");
        long degradedAfter = degraded.statusSince().toEpochMilli() - recoveredAt;
        System.out.printf("after restart: degraded %d ms after recovery (deadline %d ms)%n", degradedAfter, TIMING.silenceMs());
        assertTrue(degradedAfter >= TIMING.silenceMs() - 50 && degradedAfter <= TIMING.silenceMs() + TOLERANCE_MS,
                "degraded " + degradedAfter + " ms after recovery");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            beat("beating-001");
            return second.status("silent-001") == Status.OFFLINE;
        });
        long offlineAfter = second.view().get("silent-001").statusSince().toEpochMilli() - recoveredAt;
        System.out.printf("after restart: offline %d ms after recovery (deadline %d ms)%n", offlineAfter, TIMING.silenceMs() + TIMING.graceMs());
        assertTrue(offlineAfter >= TIMING.silenceMs() + TIMING.graceMs() - 50
                && offlineAfter <= TIMING.silenceMs() + TIMING.graceMs() + TOLERANCE_MS, "offline " + offlineAfter + " ms after recovery");
        assertEquals(Status.HEALTHY, second.status("beating-001"));
        second.streams().close(Duration.ofSeconds(10));
    }
}
