package io.harmony.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.harmony.embedded.EmbeddedInfra;
import io.harmony.liveness.EventsConsumer;

/**
 * A conductor killed with SIGKILL and started again as a new process on the same data directory: the real start path
 * (config, embedded-infra decision, Streams restoring its state from disk and changelogs, the recovery gate, /health)
 * rather than a topology restarted in-process (LivenessRestartTest). CONTRACT.md: every transition "survives a
 * conductor restart (no component silently stays healthy, none falsely goes offline because the conductor was down)",
 * and after a restart every non-offline deadline becomes max(stored deadline, recovery + M x I).
 */
class ConductorRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    // I = 1 s, M = 3, G = 4 s: M x I + G = 7 s, so a conductor down for 8 s would put a silent component straight
    // offline if it counted its downtime as silence.
    private static final long SILENCE_MS = 3000;
    private static final long GRACE_MS = 4000;
    private static final long DOWN_MS = SILENCE_MS + GRACE_MS + 1000;
    private static final Map<String, String> SETTINGS = Map.of("HARMONY_HEARTBEAT_INTERVAL", "1", "HARMONY_HEARTBEAT_MISSED", "3",
            "HARMONY_HEARTBEAT_GRACE", "4", "HARMONY_KAFKA_PARTITIONS", "2");
    /**
     * Generous on purpose (the contract's own 1 s is held by LivenessTimingTest): recovery is known here only to within
     * the start-up's /health polling, and the machine may be busy. Still well inside G, so "offline at once" and
     * "degraded a whole grace late" both fail.
     */
    private static final long SLACK_MS = 2500;

    static Map<String, String> infra;
    static Path root;
    static ConductorProcess conductor;

    @BeforeAll
    static void startInfra() throws IOException {
        root = Files.createTempDirectory("harmony-restart-it-");
        infra = EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, root.resolve("infra"), false));
    }

    @AfterAll
    static void stop() {
        if (conductor != null) {
            conductor.close();
        }
    }

    /** A beat answered while the conductor was up: when and with what status. */
    record Beat(long atMs, int status) {
    }

    @Test
    void aKilledConductorStartedAgainOnItsDataDirKeepsEveryRegistrationAndTimesSilenceFromItsRecovery() throws Exception {
        String component = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        conductor = new ConductorProcess("solo", infra, root, SETTINGS).start();
        ScheduledExecutorService beater = Executors.newSingleThreadScheduledExecutor();
        try (EventsConsumer events = new EventsConsumer(infra.get("kafka.bootstrap.servers"), "harmony.events")) {
            // Given two instances of one component: one beats every 300 ms throughout, the other beats once, just
            // before the kill, and never again
            String beating = register(component, 9100);
            String silent = register(component, 9101);
            List<Beat> beats = new CopyOnWriteArrayList<>();
            beater.scheduleAtFixedRate(() -> {
                try {
                    beats.add(new Beat(System.currentTimeMillis(), beat(beating)));
                } catch (IOException down) {
                    // the conductor is down: a real component's beat fails the same way, and it beats on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            // both in the topology's view, not only acknowledged: a registration the tasks have not processed when the
            // conductor dies is processed again after the restart, a moment after /health turns 200 (seen once in CI,
            // where a just-started conductor took over a second to process it)
            for (String id : List.of(beating, silent)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> events.first(id, "component-registered"), r -> r != null);
            }
            assertEquals(200, beat(silent));
            assertEquals("healthy", service(silent).path("status").asText());
            JsonNode silentBefore = service(silent);
            JsonNode beatingBefore = service(beating);

            // When the conductor is killed (no shutdown hook, nothing flushed) and stays down longer than M x I + G
            conductor.kill();
            long killedAt = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() - killedAt >= DOWN_MS);

            // and a new process starts on the same data directory
            long startedAt = System.currentTimeMillis();
            conductor.start(); // returns at the first /health 200: the recovery happened between these two instants
            long healthyAt = System.currentTimeMillis();
            System.out.printf("down %d ms, start-up %d ms%n", startedAt - killedAt, healthyAt - startedAt);

            // Then both registrations are still there, as they were, under the same ids
            JsonNode silentAfter = service(silent);
            assertEquals(silentBefore.path("registered_at").asText(), silentAfter.path("registered_at").asText());
            assertEquals(beatingBefore.path("registered_at").asText(), service(beating).path("registered_at").asText());
            assertEquals(List.of(beating, silent), ids(component));
            assertEquals(beating, register(component, 9100), "registering again is a restart of the same instance");
            // and the downtime was nobody's silence: the silent one is still healthy at recovery
            assertEquals("healthy", silentAfter.path("status").asText(), silentAfter.toString());
            assertNull(events.first(silent, "component-degraded"), "degraded before the silence after recovery");

            // And the silent one degrades M x I after recovery, not before
            ConsumerRecord<String, String> degraded = await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.first(silent, "component-degraded"), r -> r != null);
            long degradedAt = timestamp(degraded);
            System.out.printf("degraded %d..%d ms after recovery (deadline %d ms)%n", degradedAt - healthyAt,
                    degradedAt - startedAt, SILENCE_MS);
            assertTrue(degradedAt >= startedAt + SILENCE_MS, "degraded " + (degradedAt - startedAt) + " ms after the start");
            assertTrue(degradedAt <= healthyAt + SILENCE_MS + SLACK_MS, "degraded " + (degradedAt - healthyAt) + " ms after /health turned 200");

            // and goes offline G after that deadline
            ConsumerRecord<String, String> offline = await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.first(silent, "component-offline"), r -> r != null);
            long offlineAt = timestamp(offline);
            System.out.printf("offline %d ms after degraded (grace %d ms)%n", offlineAt - degradedAt, GRACE_MS);
            assertTrue(offlineAt >= startedAt + SILENCE_MS + GRACE_MS, "offline " + (offlineAt - startedAt) + " ms after the start");
            assertTrue(offlineAt <= healthyAt + SILENCE_MS + GRACE_MS + SLACK_MS, "offline " + (offlineAt - healthyAt) + " ms after /health turned 200");
            await().atMost(Duration.ofSeconds(10)).until(() -> "offline".equals(service(silent).path("status").asText()));

            // While the beating one stayed healthy throughout: no transition at all, every beat since recovery a 200
            assertEquals("healthy", service(beating).path("status").asText());
            List<String> beatingEvents = events.poll(beating).stream().map(r -> EventsConsumer.json(r).path("event").asText()).toList();
            assertEquals(List.of("component-registered"), beatingEvents.stream().filter(e -> e.startsWith("component-")).toList());
            List<Beat> afterRecovery = beats.stream().filter(b -> b.atMs() >= healthyAt).toList();
            assertTrue(afterRecovery.size() >= 10, "beats after recovery: " + afterRecovery.size());
            assertEquals(List.of(), afterRecovery.stream().filter(b -> b.status() != 200).toList());
            // and the silent one made exactly the two transitions, once each
            List<String> silentEvents = events.poll(silent).stream().map(r -> EventsConsumer.json(r).path("event").asText())
                    .filter(e -> e.startsWith("component-")).toList(); // (the built-in alert's events share the key)
            assertEquals(List.of("component-registered", "component-degraded", "component-offline"), silentEvents);
        } finally {
            beater.shutdownNow();
        }
    }

    private static long timestamp(ConsumerRecord<String, String> event) {
        return Instant.parse(EventsConsumer.json(event).path("timestamp").asText()).toEpochMilli();
    }

    private static String register(String component, int port) throws Exception {
        HttpResponse<String> r = call("POST", "/register", """
                {"component":"%s","version":"1.0.0","port":%d,"host":"127.0.0.1","capabilities":["restarting"],
                 "health_check_url":"http://127.0.0.1:%d/health"}""".formatted(component, port, port));
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("component_id").asText();
    }

    private static int beat(String id) throws IOException, InterruptedException {
        return call("POST", "/heartbeat", "{\"component_id\":\"" + id + "\",\"status\":\"healthy\"}").statusCode();
    }

    private static JsonNode service(String id) throws Exception {
        HttpResponse<String> r = call("GET", "/services/" + id, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static List<String> ids(String component) throws Exception {
        HttpResponse<String> r = call("GET", "/services?component=" + component, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("services").findValuesAsText("component_id").stream().sorted().toList();
    }

    private static HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(conductor.uri() + path)).timeout(Duration.ofSeconds(10));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
