package io.harmony.crypto;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.harmony.EmbeddedInfraResource;
import io.harmony.client.HarmonyClient;
import io.harmony.events.EventHub;
import io.harmony.events.FreeFormData;
import io.harmony.events.HarmonyEvent;
import io.harmony.events.SseClient;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.messaging.PendingRequest;
import io.harmony.messaging.QueuedMessage;
import io.harmony.messaging.Reply;
import io.harmony.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Encryption at rest against the real broker and Redis: payloads carrying a marker are nowhere in plaintext in
 * harmony.messages, harmony.requests, harmony.replies, harmony.events or Redis, while the API, SSE, in-process
 * listeners and the client library's Kafka path see plaintext; a record that does not decrypt is skipped and counted.
 * Its own profile (a key, and an old key that still decrypts), on the shared broker and Redis.
 */
@QuarkusTest
@TestProfile(EncryptionAtRestTest.Encrypted.class)
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class EncryptionAtRestTest {
    static final String KEY = PayloadCipherTest.KEY;
    static final String OLD_KEY = PayloadCipherTest.OTHER_KEY;

    public static class Encrypted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("harmony.encryption.key", KEY, "harmony.encryption.key-id", "k-test",
                    "harmony.encryption.old-keys", "k-old:" + OLD_KEY);
        }
    }

    /** What a key that is not (or no longer) configured sealed: unknown to the conductor. */
    static final PayloadCipher STRANGER = PayloadCipher.of(Optional.of(OLD_KEY), "k-stranger", Optional.empty());
    static final PayloadCipher CURRENT = PayloadCipher.of(Optional.of(KEY), "k-test", Optional.empty());
    static final PayloadCipher OLD = PayloadCipher.of(Optional.of(OLD_KEY), "k-old", Optional.empty());

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URL conductor;

    @TestHTTPResource("/events/subscribe")
    URL subscribe;

    @Inject
    RedisDataSource redis;

    @Inject
    EventHub hub;

    @Inject
    MeterRegistry meters;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String marker() {
        return "plaintext-marker-" + UUID.randomUUID();
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static String send(String to, String marker, int n) {
        return given().contentType(ContentType.JSON)
                .body("{\"from\":\"vault-writer\",\"to\":\"" + to + "\",\"message_type\":\"secret\",\"payload\":{\"secret\":\""
                        + marker + "\",\"n\":" + n + "}}")
                .post("/queue/send").then().statusCode(202).extract().path("message_id");
    }

    static String register(String component) {
        return given().contentType(ContentType.JSON).body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":9100}")
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    /** POST /request on another thread: it answers only once the target replied (or timed out). */
    static CompletableFuture<io.restassured.response.Response> requestAsync(String to, String type, String payload, double timeout) {
        String body = "{\"from\":\"vault-reader\",\"to\":\"" + to + "\",\"request_type\":\"" + type + "\""
                + (payload == null ? "" : ",\"payload\":" + payload) + ",\"timeout_seconds\":" + timeout + "}";
        return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body).post("/request")
                .then().extract().response());
    }

    static void assertSealed(JsonNode value, String field) {
        assertTrue(PayloadCipher.isEnvelope(value), field + " is stored as an envelope: " + value);
        assertEquals("k-test", value.path("kid").asText());
    }

    double failures(String record) {
        return meters.get("harmony.decrypt.failures").tag("record", record).counter().count();
    }

    void produce(String topic, String key, Object value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, Json.bytes(value))).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void queuedMessagesAreCiphertextInKafkaAndRedisAndPlaintextWhenReceived() {
        String to = unique("vault");
        String marker = marker();
        List<String> ids = List.of(send(to, marker, 1), send(to, marker, 2));

        // After the 202 each message is in its Redis list: sealed, its routing fields readable.
        List<String> stored = RawStores.list(redis, RedisKeys.QUEUE_PREFIX + to);
        assertEquals(2, stored.size(), stored.toString());
        for (String s : stored) {
            JsonNode m = json(s);
            assertEquals(to, m.path("to").asText());
            assertEquals("secret", m.path("message_type").asText());
            assertSealed(m.path("payload"), "payload");
        }
        assertFalse(RawStores.anyContains(RawStores.redis(redis), marker), "the marker is in Redis in plaintext");
        List<byte[]> topic = RawStores.topic(bootstrap, Topics.MESSAGES);
        ids.forEach(id -> assertEquals(1, RawStores.countContaining(topic, id), "message " + id + " is on " + Topics.MESSAGES));
        assertFalse(RawStores.anyContains(topic, marker), "the marker is on " + Topics.MESSAGES + " in plaintext");

        JsonPath got = given().queryParam("component", to).get("/queue/receive").then().statusCode(200).extract().jsonPath();
        assertEquals(ids, got.getList("messages.message_id"));
        assertEquals(List.of(marker, marker), got.getList("messages.payload.secret"));
        assertEquals(List.of(1, 2), got.getList("messages.payload.n"));
    }

    @Test
    void requestsAndRepliesAreCiphertextAtRestAndPlaintextToTargetAndCaller() throws Exception {
        String component = unique("oracle");
        String instance = register(component);
        String question = marker();
        String answer = marker();
        var call = requestAsync(component, "reveal", "{\"secret\":\"" + question + "\"}", 10);

        await().atMost(Duration.ofSeconds(10)).until(() -> !RawStores.list(redis, RedisKeys.REQUESTS_PREFIX + instance).isEmpty());
        JsonNode pending = json(RawStores.list(redis, RedisKeys.REQUESTS_PREFIX + instance).get(0));
        assertEquals("reveal", pending.path("request_type").asText());
        assertSealed(pending.path("payload"), "payload");
        assertFalse(RawStores.anyContains(RawStores.redis(redis), question), "the request's marker is in Redis in plaintext");

        JsonPath got = given().queryParam("component", instance).queryParam("wait_seconds", 5).get("/requests/receive")
                .then().statusCode(200).extract().jsonPath();
        String requestId = got.getString("requests[0].request_id");
        assertEquals(question, got.getString("requests[0].payload.secret"));
        given().contentType(ContentType.JSON).body("{\"response\":{\"secret\":\"" + answer + "\"}}")
                .post("/requests/{id}/reply", requestId).then().statusCode(200);

        var result = call.get(15, TimeUnit.SECONDS);
        assertEquals(200, result.statusCode(), result.asString());
        assertEquals(answer, result.jsonPath().getString("response.secret"));

        List<byte[]> requests = RawStores.topic(bootstrap, Topics.REQUESTS);
        List<byte[]> replies = RawStores.topic(bootstrap, Topics.REPLIES);
        assertEquals(1, RawStores.countContaining(requests, requestId));
        assertTrue(RawStores.countContaining(replies, requestId) >= 1); // its key, and its value
        for (String m : List.of(question, answer)) {
            assertFalse(RawStores.anyContains(requests, m), "a marker is on " + Topics.REQUESTS + " in plaintext");
            assertFalse(RawStores.anyContains(replies, m), "a marker is on " + Topics.REPLIES + " in plaintext");
            assertFalse(RawStores.anyContains(RawStores.redis(redis), m), "a marker is in Redis in plaintext");
        }
    }

    @Test
    void broadcastDataIsCiphertextOnTheTopicAndPlaintextOnStreamsAndToListeners() {
        String type = unique("sealed-ev");
        String marker = marker();
        List<HarmonyEvent> heard = new CopyOnWriteArrayList<>();
        hub.listen((offset, event) -> {
            if (type.equals(event.event())) {
                heard.add(event);
            }
        });
        try (SseClient live = new SseClient(subscribe + "?event_type=" + type, null)) {
            String id = given().contentType(ContentType.JSON)
                    .body("{\"from\":\"vault-writer\",\"event_type\":\"" + type + "\",\"data\":{\"secret\":\"" + marker + "\"}}")
                    .post("/broadcast").then().statusCode(202).extract().path("event_id");
            await().atMost(Duration.ofSeconds(10)).until(() -> !live.frames().isEmpty());
            SseClient.Frame frame = live.frames().get(0);
            JsonNode data = json(frame.data());
            assertEquals(id, data.path("event_id").asText());
            assertEquals("vault-writer", data.path("from").asText());
            assertEquals(marker, data.path("data").path("secret").asText());

            await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            assertEquals(marker, heard.get(0).data(FreeFormData.class).json().path("secret").asText());

            // A resumed stream reads the topic with its own consumer: decrypted there too.
            try (SseClient resumed = new SseClient(subscribe + "?event_type=" + type, Long.toString(frame.id() - 1))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.frames().isEmpty());
                assertEquals(marker, json(resumed.frames().get(0).data()).path("data").path("secret").asText());
            }

            List<byte[]> events = RawStores.topic(bootstrap, Topics.EVENTS);
            assertEquals(1, RawStores.countContaining(events, id));
            assertFalse(RawStores.anyContains(events, marker), "the marker is on " + Topics.EVENTS + " in plaintext");
        }
    }

    @Test
    void theClientLibraryOverKafkaOpensSealedRequestsAndSealsItsReplies() throws Exception {
        String component = unique("kafka-vault");
        String question = marker();
        String answer = marker();
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        try (HarmonyClient client = client(component).encryptionKey("k-test", KEY)
                .onRequest("reveal", request -> {
                    seen.add(request.payload());
                    return Map.of("secret", answer);
                }).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(30)));
            awaitKafkaResponder(component);

            var result = requestAsync(component, "reveal", "{\"secret\":\"" + question + "\"}", 10).get(15, TimeUnit.SECONDS);
            assertEquals(200, result.statusCode(), result.asString());
            assertEquals(answer, result.jsonPath().getString("response.secret"));
            assertEquals(question, seen.get(0).path("secret").asText());
        }
        for (String topic : List.of(Topics.REQUESTS, Topics.REPLIES)) {
            List<byte[]> records = RawStores.topic(bootstrap, topic);
            assertFalse(RawStores.anyContains(records, question), "the request's marker is on " + topic + " in plaintext");
            assertFalse(RawStores.anyContains(records, answer), "the reply's marker is on " + topic + " in plaintext");
        }
    }

    @Test
    void aClientWithoutTheKeyDoesNotActOnASealedRequest() throws Exception {
        String component = unique("keyless");
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        try (HarmonyClient client = client(component).onRequest("reveal", request -> {
            seen.add(request.payload());
            return "acted on " + request.payload();
        }).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(30)));
            awaitKafkaResponder(component); // a ping without payload: nothing sealed, so it is answered

            var result = requestAsync(component, "reveal", "{\"secret\":\"" + marker() + "\"}", 2).get(15, TimeUnit.SECONDS);
            assertEquals(504, result.statusCode(), result.asString());
            assertEquals(List.of(), seen);
        }
    }

    @Test
    void recordsThatDoNotDecryptAreSkippedAndCountedAndTheRestIsHandedOut() throws Exception {
        // Queue: an unknown key id, an altered envelope, one moved from another record, then an old key's and a plaintext one.
        String to = unique("tampered");
        double messageFailures = failures(StoredPayloads.MESSAGE);
        JsonNode payload = json("{\"secret\":\"" + marker() + "\"}");
        ObjectNode altered = (ObjectNode) CURRENT.seal(payload, "altered");
        String ct = altered.path("ct").asText();
        altered.put("ct", (ct.charAt(0) == 'A' ? "B" : "A") + ct.substring(1));
        produce(Topics.MESSAGES, to, message("unknown-kid", to, STRANGER.seal(payload, "unknown-kid")));
        produce(Topics.MESSAGES, to, message("altered", to, altered));
        produce(Topics.MESSAGES, to, message("moved", to, CURRENT.seal(payload, "another-record")));
        produce(Topics.MESSAGES, to, message("old-key", to, OLD.seal(json("{\"n\":\"old\"}"), "old-key")));
        produce(Topics.MESSAGES, to, message("plain", to, json("{\"n\":\"plain\"}")));
        String viaApi = send(to, "not-secret", 3); // after its 202 the five before it are indexed too
        JsonPath got = given().queryParam("component", to).get("/queue/receive").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("old-key", "plain", viaApi), got.getList("messages.message_id"));
        assertEquals("old", got.getString("messages[0].payload.n"));
        assertEquals(messageFailures + 3, failures(StoredPayloads.MESSAGE));

        // Events: a broadcast under an unknown key never reaches a stream; the next one does.
        String type = unique("tampered-ev");
        double eventFailures = failures(StoredPayloads.EVENT);
        try (SseClient sse = new SseClient(subscribe + "?event_type=" + type, null)) {
            String badId = UUID.randomUUID().toString();
            produce(Topics.EVENTS, "intruder", new HarmonyEvent(type, badId, "intruder", Instant.now(),
                    new FreeFormData(STRANGER.seal(payload, badId))));
            String goodId = given().contentType(ContentType.JSON)
                    .body("{\"from\":\"vault-writer\",\"event_type\":\"" + type + "\",\"data\":{\"n\":1}}")
                    .post("/broadcast").then().statusCode(202).extract().path("event_id");
            await().atMost(Duration.ofSeconds(10)).until(() -> !sse.frames().isEmpty());
            assertEquals(1, sse.frames().size(), sse.frames().toString());
            assertEquals(goodId, json(sse.frames().get(0).data()).path("event_id").asText());
            assertEquals(eventFailures + 1, failures(StoredPayloads.EVENT));
        }

        // Requests: the target gets the one that opens.
        String instance = register(unique("tampered-target"));
        double requestFailures = failures(StoredPayloads.REQUEST);
        Instant deadline = Instant.now().plusSeconds(30);
        produce(Topics.REQUESTS, instance, new PendingRequest("bad-request", "intruder", instance, "t", STRANGER.seal(payload, "bad-request"), deadline, false));
        produce(Topics.REQUESTS, instance, new PendingRequest("good-request", "friend", instance, "t", CURRENT.seal(json("{\"n\":7}"), "good-request"), deadline, false));
        List<String> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonPath r = given().queryParam("component", instance).queryParam("wait_seconds", 1).get("/requests/receive")
                    .then().statusCode(200).extract().jsonPath();
            received.addAll(r.getList("requests.request_id"));
            if (received.contains("good-request")) {
                assertEquals(7, r.getInt("requests.find { it.request_id == 'good-request' }.payload.n"));
            }
            return received.contains("good-request");
        });
        assertEquals(List.of("good-request"), received);
        await().atMost(Duration.ofSeconds(5)).until(() -> failures(StoredPayloads.REQUEST) == requestFailures + 1);

        // Replies: one that does not open is not an answer: the call times out as if none came (504, not 500).
        String oracle = unique("tampered-oracle");
        String oracleId = register(oracle);
        double replyFailures = failures(StoredPayloads.REPLY);
        var call = requestAsync(oracle, "t", null, 3);
        await().atMost(Duration.ofSeconds(3)).until(() -> !RawStores.list(redis, RedisKeys.REQUESTS_PREFIX + oracleId).isEmpty());
        String requestId = json(RawStores.list(redis, RedisKeys.REQUESTS_PREFIX + oracleId).get(0)).path("request_id").asText();
        produce(Topics.REPLIES, requestId, new Reply(requestId, oracleId, STRANGER.seal(payload, requestId)));
        var result = call.get(15, TimeUnit.SECONDS);
        assertEquals(504, result.statusCode(), result.asString());
        assertEquals(replyFailures + 1, failures(StoredPayloads.REPLY));

        given().get("/q/metrics").then().statusCode(200).body(containsString("harmony_decrypt_failures_total{record=\"message\"}"));
    }

    static QueuedMessage message(String id, String to, JsonNode payload) {
        return new QueuedMessage(id, "intruder", to, "secret", payload, Instant.now());
    }

    HarmonyClient.Builder client(String component) {
        return HarmonyClient.builder().conductor(URI.create(conductor.toString())).component(component)
                .port(9200).host("127.0.0.1").healthCheckUrl("http://127.0.0.1/health")
                .kafkaBootstrap(bootstrap).backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** The client's consumer group takes a moment to join, and a request sent before that is not seen ("latest"). */
    static void awaitKafkaResponder(String component) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var ping = requestAsync(component, "ping", null, 1).get(10, TimeUnit.SECONDS);
            return ping.statusCode() == 200 && "pong".equals(ping.jsonPath().getString("response"));
        });
    }
}
