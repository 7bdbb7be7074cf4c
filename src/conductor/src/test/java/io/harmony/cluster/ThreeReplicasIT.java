package io.harmony.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.harmony.embedded.EmbeddedInfra;
import io.harmony.kafka.KafkaNames.Topics;

/**
 * Three packaged conductors as separate processes on one broker and one Redis, as "several replicas" runs in
 * production: the same views from each, every event and alert once, messaging across replicas, and a replica killed
 * with SIGKILL while components keep beating through the other two.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** I = 1 s, M = 3: a silent component is degraded 3 s after its last beat. */
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** The Streams group's session timeout (application.properties): how long a dead member keeps its tasks. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    static EmbeddedInfra infra;
    static ConductorProcess a;
    static ConductorProcess b;
    static ConductorProcess c;
    static HttpServer webhook;
    static final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    static final List<JsonNode> events = new CopyOnWriteArrayList<>();
    static volatile boolean reading = true;
    static Thread eventReader;
    static final ScheduledExecutorService beats = Executors.newScheduledThreadPool(4);
    /** Components that beat through a or b from the start to the end: none may ever be degraded. */
    static final List<Beater> steady = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("harmony-3-it-");
        infra = EmbeddedInfra.launch(new EmbeddedInfra.Plan(true, true, root.resolve("infra"), false));
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            delivered.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        Map<String, String> settings = Map.of("HARMONY_HEARTBEAT_INTERVAL", "1", "HARMONY_KAFKA_PARTITIONS", "6",
                "HARMONY_ALERTS_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        a = new ConductorProcess("a", infra.properties(), root, settings).start();
        b = new ConductorProcess("b", infra.properties(), root, settings).start();
        c = new ConductorProcess("c", infra.properties(), root, settings).start();
        readEvents(infra.properties().get("kafka.bootstrap.servers"));
        for (int i = 0; i < 4; i++) {
            steady.add(new Beater(unique("steady"), i % 2 == 0 ? a : b).start());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> steady.stream().allMatch(s -> "healthy".equals(status(c.uri(), s.id))));
    }

    @AfterAll
    static void stop() {
        reading = false;
        beats.shutdownNow();
        for (ConductorProcess p : new ConductorProcess[] { a, b, c }) {
            if (p != null) {
                p.close();
            }
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void everyReplicaShowsTheSameServicesAndDashboardWithinASecondOfAChange() throws Exception {
        String component = unique("seen");
        long registered = System.nanoTime();
        String id = register(a.uri(), component);
        for (ConductorProcess replica : List.of(b, c)) {
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> call("GET", replica.uri(), "/services/" + id, null).statusCode() == 200);
        }
        System.out.printf("three replicas: a registration on a visible on b and c after %.0f ms%n", (System.nanoTime() - registered) / 1e6);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> sameEverywhere("/services", ThreeReplicasIT::ids));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> sameEverywhere("/dashboard", ThreeReplicasIT::dashboard));

        assertEquals(204, call("DELETE", b.uri(), "/services/" + id, null).statusCode());
        for (ConductorProcess replica : List.of(a, c)) {
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> call("GET", replica.uri(), "/services/" + id, null).statusCode() == 404);
        }
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> sameEverywhere("/dashboard", ThreeReplicasIT::dashboard));
    }

    @Test
    @Order(2)
    void transitionsAlertsAndStateChangesAreEmittedAndDeliveredOnce() throws Exception {
        Beater flaky = new Beater(unique("flaky"), b).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "healthy".equals(status(a.uri(), flaky.id)));
        flaky.report("unhealthy"); // through b; the liveness task may be on any replica, the view is on all three
        await().atMost(Duration.ofSeconds(10)).until(() -> count(events, "component-degraded", flaky.id) == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> count(delivered, "alert-firing", flaky.id) == 1);
        flaky.report("healthy");
        await().atMost(Duration.ofSeconds(15)).until(() -> count(delivered, "alert-resolved", flaky.id) == 1);
        // flaky keeps beating: a silent one would be degraded again, which is no duplicate.

        String key = "it:" + unique("k");
        assertEquals(200, call("PUT", c.uri(), "/state/" + key, "{\"value\":{\"n\":1}}").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> stateEvents(key) == 1);

        // Each replica watches Redis and runs its share of the alert evaluators; a duplicate would come from another
        // replica within its notification latency: the counts must hold at one well past that.
        Map<String, Long> once = new TreeMap<>(Map.of("event component-degraded", 1L, "event component-recovered", 1L,
                "event alert-firing", 1L, "event alert-resolved", 1L, "webhook alert-firing", 1L, "webhook alert-resolved", 1L,
                "event state-changed", 1L));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(once, new TreeMap<>(Map.of(
                "event component-degraded", count(events, "component-degraded", flaky.id),
                "event component-recovered", count(events, "component-recovered", flaky.id),
                "event alert-firing", count(events, "alert-firing", flaky.id),
                "event alert-resolved", count(events, "alert-resolved", flaky.id),
                "webhook alert-firing", count(delivered, "alert-firing", flaky.id),
                "webhook alert-resolved", count(delivered, "alert-resolved", flaky.id),
                "event state-changed", stateEvents(key)))));
    }

    @Test
    @Order(3)
    void requestsQueuesAndCommandsCrossReplicas() throws Exception {
        // A request posted on a, answered by a component that polls c.
        Beater responder = new Beater(unique("responder"), c).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "healthy".equals(status(a.uri(), responder.id)));
        CompletableFuture<HttpResponse<String>> asked = CompletableFuture.supplyAsync(() -> uncheckedCall("POST", a.uri(), "/request",
                "{\"from\":\"it\",\"to\":\"" + responder.component + "\",\"request_type\":\"double\",\"payload\":{\"n\":21},\"timeout_seconds\":20}"));
        JsonNode pending = await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(call("GET", c.uri(),
                "/requests/receive?component=" + responder.id + "&wait_seconds=1", null).body()).path("requests"), r -> r.size() == 1).get(0);
        assertEquals(200, call("POST", c.uri(), "/requests/" + pending.path("request_id").asText() + "/reply",
                "{\"response\":{\"n\":" + pending.path("payload").path("n").asInt() * 2 + "}}").statusCode());
        HttpResponse<String> answered = asked.get(20, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals(42, JSON.readTree(answered.body()).path("response").path("n").asInt());

        // A queue message sent on a, received on b.
        String sink = unique("sink");
        assertEquals(202, call("POST", a.uri(), "/queue/send", "{\"from\":\"it\",\"to\":\"" + sink + "\",\"message_type\":\"t\",\"payload\":7}").statusCode());
        JsonNode received = JSON.readTree(call("GET", b.uri(), "/queue/receive?component=" + sink + "&wait_seconds=10", null).body());
        assertEquals(7, received.path("messages").path(0).path("payload").asInt(), received.toString());

        // A command issued on a, handed out by the ack of a beat on c.
        JsonNode issued = JSON.readTree(call("POST", a.uri(), "/services/" + responder.id + "/commands", "{\"command\":\"reload\"}").body());
        String commandId = issued.path("command_id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> responder.commands.contains(commandId));
        responder.stop();
    }

    @Test
    @Order(4)
    void aKilledReplicaLosesNoAcknowledgedMessageAndItsComponentsAreStillWatched() throws Exception {
        List<Beater> silent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            silent.add(new Beater(unique("silent"), i % 2 == 0 ? a : b).start());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> silent.stream().allMatch(s -> "healthy".equals(status(a.uri(), s.id))));

        String sink = unique("kept");
        Set<Integer> acknowledged = new ConcurrentSkipListSet<>();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200; i++) {
                ConductorProcess via = i % 2 == 0 ? a : b;
                HttpResponse<String> sent = uncheckedCall("POST", via.uri(), "/queue/send",
                        "{\"from\":\"it\",\"to\":\"" + sink + "\",\"message_type\":\"n\",\"payload\":" + i + "}");
                if (sent.statusCode() == 202) {
                    acknowledged.add(i);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // paced: the sends span the kill
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 50);

        c.kill();
        long killed = System.currentTimeMillis();
        silent.forEach(Beater::stop);
        long lastBeat = silent.stream().mapToLong(s -> s.lastAcked).max().orElseThrow();

        // Every silent component is detected, on its old replica or, for c's tasks, on the one that took them over.
        Map<String, Long> detectedAt = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Beater s : silent) {
                if (!detectedAt.containsKey(s.id) && !"healthy".equals(status(a.uri(), s.id))) {
                    detectedAt.put(s.id, System.currentTimeMillis());
                }
            }
            return detectedAt.size() == silent.size();
        });
        sending.get(60, TimeUnit.SECONDS);
        List<Long> lags = detectedAt.values().stream().map(t -> t - lastBeat).sorted().toList();
        System.out.printf("three replicas: kill -9 of c; %d silent components detected %d–%d ms after their last beat "
                + "(deadline %d ms, session timeout %d ms)%n", silent.size(), lags.get(0), lags.get(lags.size() - 1),
                DEADLINE.toMillis(), SESSION_TIMEOUT.toMillis());
        // Within the rebalance (a session timeout, then a restore) plus the deadline, with room for a slow machine.
        assertTrue(lags.get(lags.size() - 1) < SESSION_TIMEOUT.plus(DEADLINE).plusSeconds(15).toMillis(), "detection lags " + lags);

        Set<Integer> received = new TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode batch = JSON.readTree(call("GET", a.uri(), "/queue/receive?component=" + sink + "&max=100&wait_seconds=1", null).body());
            batch.path("messages").forEach(m -> received.add(m.path("payload").asInt()));
            Set<Integer> missing = new TreeSet<>(acknowledged);
            missing.removeAll(received);
            assertTrue(missing.isEmpty(), "acknowledged but lost: " + missing);
        });
        System.out.printf("three replicas: %d of 200 sends acknowledged around the kill, all received%n", acknowledged.size());

        // The components that kept beating through a and b were never degraded, before, during or after the take-over.
        for (Beater s : steady) {
            assertEquals(0, count(events, "component-degraded", s.id), s.id + " was falsely degraded");
            assertEquals("healthy", status(b.uri(), s.id));
        }
        System.out.printf("three replicas: c killed at +%d ms after the last silent beat%n", killed - lastBeat);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A component beating over REST through one replica every 500 ms; it keeps the commands its acks hand out. */
    static final class Beater {
        final String component;
        final String id;
        final ConductorProcess via;
        final Set<String> commands = ConcurrentHashMap.newKeySet();
        volatile String reported = "healthy";
        volatile long lastAcked;
        private ScheduledFuture<?> task;

        Beater(String component, ConductorProcess via) throws Exception {
            this.component = component;
            this.via = via;
            this.id = register(via.uri(), component);
        }

        Beater start() {
            task = beats.scheduleAtFixedRate(this::beat, 0, 500, TimeUnit.MILLISECONDS);
            return this;
        }

        void report(String status) {
            reported = status;
        }

        private void beat() {
            try {
                HttpResponse<String> ack = call("POST", via.uri(), "/heartbeat", "{\"component_id\":\"" + id + "\",\"status\":\"" + reported + "\"}");
                if (ack.statusCode() == 200) {
                    lastAcked = System.currentTimeMillis();
                    JSON.readTree(ack.body()).path("commands").forEach(cmd -> commands.add(cmd.path("command_id").asText()));
                }
            } catch (Exception e) {
                // the replica is gone (killed): this component falls silent, as it would
            }
        }

        /** Stops beating without deregistering: silent, as a crashed component is. */
        void stop() {
            task.cancel(false);
        }
    }

    private static void readEvents(String bootstrap) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        TopicPartition events0 = new TopicPartition(Topics.EVENTS, 0);
        consumer.assign(List.of(events0));
        consumer.seekToBeginning(List.of(events0));
        eventReader = new Thread(() -> {
            try (consumer) {
                while (reading) {
                    for (var record : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            events.add(JSON.readTree(record.value()));
                        } catch (IOException e) {
                            throw new IllegalStateException("undecodable event at offset " + record.offset(), e);
                        }
                    }
                }
            }
        }, "it-events");
        eventReader.setDaemon(true);
        eventReader.start();
    }

    /** Events or webhook deliveries named {@code name} about {@code componentId}. */
    private static long count(List<JsonNode> documents, String name, String componentId) {
        return documents.stream().filter(d -> name.equals(d.path("event").asText()))
                .filter(d -> componentId.equals(d.path("data").path("component_id").asText(d.path("component_id").asText()))).count();
    }

    private static long stateEvents(String key) {
        return events.stream().filter(e -> "state-changed".equals(e.path("event").asText()))
                .filter(e -> key.equals(e.path("data").path("key").asText())).count();
    }

    private static boolean sameEverywhere(String path, java.util.function.Function<JsonNode, Object> view) throws Exception {
        Object first = view.apply(JSON.readTree(call("GET", a.uri(), path, null).body()));
        return first.equals(view.apply(JSON.readTree(call("GET", b.uri(), path, null).body())))
                && first.equals(view.apply(JSON.readTree(call("GET", c.uri(), path, null).body())));
    }

    private static Object ids(JsonNode services) {
        Set<String> ids = new TreeSet<>();
        services.path("services").forEach(s -> ids.add(s.path("component_id").asText() + "=" + s.path("status").asText()));
        return ids;
    }

    /** What a dashboard shows, less what moves with the clock (uptime). */
    private static Object dashboard(JsonNode dashboard) {
        Map<String, String> rows = new TreeMap<>();
        dashboard.path("components").forEach(s -> rows.put(s.path("component_id").asText(), s.path("status").asText()));
        Map<String, Object> shown = new TreeMap<>();
        shown.put("rows", rows);
        dashboard.fields().forEachRemaining(e -> {
            if (!e.getValue().isContainerNode() && !e.getKey().contains("time") && !e.getKey().contains("uptime")) {
                shown.put(e.getKey(), e.getValue().asText());
            }
        });
        return shown;
    }

    private static String status(URI replica, String id) {
        HttpResponse<String> r = uncheckedCall("GET", replica, "/services/" + id, null);
        try {
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("status").asText() : "http " + r.statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String register(URI replica, String component) throws Exception {
        HttpResponse<String> r = call("POST", replica, "/register",
                "{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":" + ConductorProcess.freePort() + "}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("component_id").asText();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static HttpResponse<String> call(String method, URI replica, String path, String json) throws IOException, InterruptedException {
        return ClientAgainstConductorsIT.call(method, replica, path, json);
    }

    private static HttpResponse<String> uncheckedCall(String method, URI replica, String path, String json) {
        try {
            return call(method, replica, path, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
