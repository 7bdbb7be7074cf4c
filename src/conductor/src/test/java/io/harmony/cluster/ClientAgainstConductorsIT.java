package io.harmony.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.harmony.client.Event;
import io.harmony.client.HarmonyClient;
import io.harmony.client.LeaseListener;
import io.harmony.client.StateConflictException;
import io.harmony.client.StateEntry;
import io.harmony.client.Subscription;
import io.harmony.embedded.EmbeddedInfra;

/**
 * The client library against real conductors: two packaged conductor processes (replicas) on one in-process Kafka
 * broker and one Redis, one of them killed with SIGKILL and restarted. What a component relies on when the conductor
 * goes away and comes back.
 */
class ClientAgainstConductorsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Faster than the default 5 s so a restart outlasts M × I and the test stays short. */
    private static final Map<String, String> SETTINGS = Map.of("HARMONY_HEARTBEAT_INTERVAL", "1", "HARMONY_KAFKA_PARTITIONS", "2");

    static Map<String, String> infra;
    static ConductorProcess a;
    static ConductorProcess b;

    @BeforeAll
    static void startReplicas() throws IOException {
        Path root = Files.createTempDirectory("harmony-it-");
        infra = EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, root.resolve("infra"), false));
        a = new ConductorProcess("a", infra, root, SETTINGS).start();
        b = new ConductorProcess("b", infra, root, SETTINGS).start();
    }

    @AfterAll
    static void stopReplicas() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    static HarmonyClient.Builder client(URI conductor, String component) {
        return HarmonyClient.builder().conductor(conductor).component(component).port(ConductorProcess.freePort())
                .host("127.0.0.1").capabilities("testing").healthCheckUrl("http://127.0.0.1/health")
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theClientRegistersAgainWhenTheConductorForgetsItsInstance() throws Exception {
        AtomicInteger registrations = new AtomicInteger();
        try (HarmonyClient client = client(a.uri(), unique("forgotten")).leaseListener(new LeaseListener() {
            @Override
            public void registered(String componentId) {
                registrations.incrementAndGet();
            }
        }).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(30)));
            String id = client.componentId();
            assertEquals(Duration.ofSeconds(1), client.heartbeatInterval()); // the conductor's value, not a constant

            assertEquals(204, call("DELETE", a.uri(), "/services/" + id, null).statusCode());
            // The next beat is a 404; the client registers again at once and carries on beating.
            await().atMost(Duration.ofSeconds(15)).until(() -> registrations.get() >= 2);
            await().atMost(Duration.ofSeconds(15)).until(() -> call("GET", b.uri(), "/services/" + client.componentId(), null).statusCode() == 200);
            assertEquals(id, client.componentId()); // same component, host and port: the same id
        }
    }

    @Test
    void aCommandIssuedOnOneReplicaReachesTheComponentThroughABeatAnsweredByTheOther() throws Exception {
        try (HarmonyClient client = client(a.uri(), unique("commanded"))
                .onCommand("reload", command -> "reloaded " + command.args().path("file").asText())
                .build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(30)));
            String id = client.componentId();
            // Registered through a: b's view shows it a moment later (Kafka, then its global store).
            await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", b.uri(), "/services/" + id, null).statusCode() == 200);

            String reload = field(call("POST", b.uri(), "/services/" + id + "/commands", "{\"command\":\"reload\",\"args\":{\"file\":\"app.yml\"}}"), 202, "command_id");
            String unknown = field(call("POST", b.uri(), "/services/" + id + "/commands", "{\"command\":\"self-destruct\"}"), 202, "command_id");

            // The client beats only to a; both outcomes come back through a's acks and show on b.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode list = JSON.readTree(call("GET", b.uri(), "/services/" + id + "/commands", null).body());
                assertEquals(0, list.path("pending").size(), list.toString());
                assertEquals(2, list.path("results").size(), list.toString());
                for (JsonNode r : list.path("results")) {
                    if (r.path("command_id").asText().equals(reload)) {
                        assertEquals("done", r.path("status").asText());
                        assertEquals("reloaded app.yml", r.path("detail").asText());
                    } else {
                        assertEquals(unknown, r.path("command_id").asText());
                        assertEquals("failed", r.path("status").asText());
                        assertEquals("no handler", r.path("detail").asText());
                    }
                }
            });
        }
    }

    @Test
    void theClientBacksOffWhileItsConductorIsDownAndResumesItsLeaseAndEventsAfterARestart() throws Exception {
        String component = unique("survivor");
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger atRisk = new AtomicInteger();
        AtomicInteger back = new AtomicInteger();
        try (FlakyLink link = new FlakyLink(a.port());
                HarmonyClient client = client(link.uri(), component).leaseListener(new LeaseListener() {
                    @Override
                    public void leaseAtRisk(Duration sinceLastAck) {
                        atRisk.incrementAndGet();
                    }

                    @Override
                    public void leaseBack(Duration outage) {
                        back.incrementAndGet();
                    }
                }).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(30)));
            String id = client.componentId();
            Subscription events = client.subscribe(List.of(component + "-ev-*"), (Event e) -> received.add(e.type()));
            await().atMost(Duration.ofSeconds(10)).until(events::connected);
            broadcast(a.uri(), component + "-ev-before");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(component + "-ev-before"));

            // kill -9: the conductor vanishes mid-stream; what happens meanwhile goes through the other replica.
            a.kill();
            link.resetCount();
            long down = System.nanoTime();
            for (int i = 1; i <= 5; i++) {
                broadcast(b.uri(), component + "-ev-during-" + i);
            }
            a.start();
            double downSeconds = (System.nanoTime() - down) / 1e9;
            int attempts = link.refused();
            // Backoff, not a tight loop: every loop of the client (lease, requests, events) retried a bounded number of times.
            assertTrue(attempts >= 2, "the client kept trying: " + attempts);
            assertTrue(attempts <= 10 * downSeconds, attempts + " attempts in " + downSeconds + " s");

            await().atMost(Duration.ofSeconds(30)).until(() -> back.get() >= 1);
            assertTrue(atRisk.get() >= 1, "a lease at risk was reported during " + downSeconds + " s down");
            assertEquals(id, client.componentId());
            // Resumed with Last-Event-ID: every event exactly once, in order, none from before twice.
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 6);
            assertEquals(List.of(component + "-ev-before", component + "-ev-during-1", component + "-ev-during-2", component + "-ev-during-3",
                    component + "-ev-during-4", component + "-ev-during-5"), List.copyOf(received));
            broadcast(a.uri(), component + "-ev-after");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 7);
            assertEquals(component + "-ev-after", received.get(6));
            // And the lease is live again: beats land (last_heartbeat moves on) with no re-registration needed.
            String before = field(call("GET", b.uri(), "/services/" + id, null), 200, "last_heartbeat");
            await().atMost(Duration.ofSeconds(10)).until(() -> !before.equals(field(call("GET", b.uri(), "/services/" + id, null), 200, "last_heartbeat")));
            assertEquals("healthy", field(call("GET", b.uri(), "/services/" + id, null), 200, "status"));
        }
    }

    @Test
    void requestsArriveOverKafkaWhenTheApplicationGivesKafkaSettings() throws Exception {
        String component = unique("kafka-responder");
        try (HarmonyClient client = client(a.uri(), component).kafkaBootstrap(bootstrap())
                .onRequest("double", request -> request.payload().path("n").asInt() * 2).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(30)));
            String body = "{\"from\":\"it\",\"to\":\"" + component + "\",\"request_type\":\"%s\",\"payload\":{\"n\":21},\"timeout_seconds\":10}";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> ping = call("POST", b.uri(), "/request", body.formatted("ping"));
                assertEquals(200, ping.statusCode(), ping.body());
                assertEquals("pong", JSON.readTree(ping.body()).path("response").asText());
            });
            assertEquals(42, JSON.readTree(call("POST", b.uri(), "/request", body.formatted("double")).body()).path("response").asInt());
            JsonNode unknown = JSON.readTree(call("POST", b.uri(), "/request", body.formatted("no-such-type")).body()).path("response");
            assertTrue(unknown.path("error").asText().contains("no-such-type"), unknown.toString());
        }
    }

    @Test
    void sharedStateCompareAndSetAndWatch() throws Exception {
        String prefix = unique("it") + ":";
        List<String> seen = new CopyOnWriteArrayList<>();
        try (HarmonyClient client = client(a.uri(), unique("stateful")).build()) {
            client.start();
            StateEntry first = client.state().put(prefix + "mode", Map.of("mode", "production"));
            try (Subscription watch = client.state().watch(prefix, (key, value, version) -> seen.add(key + "=" + value))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(prefix + "mode={\"mode\":\"production\"}"));
                StateEntry second = client.state().compareAndSet(prefix + "mode", Map.of("mode", "maintenance"), first.version());
                assertThrows(StateConflictException.class,
                        () -> client.state().compareAndSet(prefix + "mode", Map.of("mode", "lost-update"), first.version()));
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(prefix + "mode={\"mode\":\"maintenance\"}"));
                assertEquals(second.version(), client.state().get(prefix + "mode").orElseThrow().version());
                assertTrue(client.state().delete(prefix + "mode"));
                assertFalse(client.state().get(prefix + "mode").isPresent());
                assertFalse(seen.stream().anyMatch(s -> s.contains("lost-update")));
            }
        }
    }

    @Test
    void closeStopsEveryThreadTheClientStartedAndDeregisters() throws Exception {
        HarmonyClient client = client(a.uri(), unique("closing")).onMessage(message -> { }).build();
        client.start();
        assertTrue(client.awaitRegistered(Duration.ofSeconds(30)));
        String id = client.componentId();
        Subscription events = client.subscribe(List.of("*"), e -> { });
        client.discovery().services();
        client.state().watch("", (key, value, version) -> { });
        await().atMost(Duration.ofSeconds(10)).until(events::connected);
        assertFalse(clientThreads().isEmpty());

        client.close();
        assertEquals(List.of(), clientThreads());
        assertEquals(404, call("GET", a.uri(), "/services/" + id, null).statusCode()); // the replica that acknowledged it
        await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", b.uri(), "/services/" + id, null).statusCode() == 404);
    }

    private static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("harmony-client")).sorted().toList();
    }

    private static String bootstrap() {
        return infra.get("kafka.bootstrap.servers");
    }

    private static void broadcast(URI conductor, String type) throws Exception {
        assertEquals(202, call("POST", conductor, "/broadcast", "{\"from\":\"it\",\"event_type\":\"" + type + "\",\"data\":{}}").statusCode());
    }

    private static String field(HttpResponse<String> response, int status, String name) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path(name).asText();
    }

    static HttpResponse<String> call(String method, URI conductor, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(conductor.resolve(path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
