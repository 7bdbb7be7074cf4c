package io.harmony.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.harmony.crypto.RawStores;
import io.harmony.embedded.EmbeddedInfra;
import io.harmony.events.SseClient;
import io.harmony.kafka.KafkaNames.Topics;

/**
 * Key rotation across conductor processes on one Kafka and one Redis: what a conductor sealed under k1 is read in
 * plaintext by a conductor started later with k2 and k1 among its old keys, and skipped (counted, not a 500) by one
 * that only knows k2. A bad key stops a conductor at start, naming the setting, never the key.
 */
class EncryptionRotationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Base64 of the bytes 0..31 and 255..224. */
    private static final String K1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String K2 = "//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=";

    static Map<String, String> infra;
    static Path root;

    @BeforeAll
    static void startInfra() throws IOException {
        root = Files.createTempDirectory("harmony-rotation-it-");
        infra = EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, root.resolve("infra"), false));
    }

    static Map<String, String> settings(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("HARMONY_HEARTBEAT_INTERVAL", "1", "HARMONY_KAFKA_PARTITIONS", "2"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String send(URI conductor, String to, String marker) throws Exception {
        var response = ClientAgainstConductorsIT.call("POST", conductor, "/queue/send", "{\"from\":\"it\",\"to\":\"" + to
                + "\",\"message_type\":\"secret\",\"payload\":{\"secret\":\"" + marker + "\"}}");
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("message_id").asText();
    }

    static JsonNode receive(URI conductor, String to) throws Exception {
        var response = ClientAgainstConductorsIT.call("GET", conductor, "/queue/receive?component=" + to, null);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("messages");
    }

    @Test
    void whatWasSealedUnderTheOldKeyIsPlaintextAfterARotationAndSkippedByAConductorWithoutIt() throws Exception {
        String rotated = unique("rotated");
        String orphaned = unique("orphaned");
        String type = unique("rotated-ev");
        String marker = "plaintext-marker-" + UUID.randomUUID();
        List<String> sent;
        long eventId;
        try (ConductorProcess first = new ConductorProcess("k1", infra, root,
                settings("HARMONY_ENCRYPTION_KEY", K1, "HARMONY_ENCRYPTION_KEY_ID", "k1")).start();
                SseClient sse = new SseClient(first.uri() + "/events/subscribe?event_type=" + type, null)) {
            sent = List.of(send(first.uri(), rotated, marker), send(first.uri(), rotated, marker));
            send(first.uri(), orphaned, marker);
            var broadcast = ClientAgainstConductorsIT.call("POST", first.uri(), "/broadcast",
                    "{\"from\":\"it\",\"event_type\":\"" + type + "\",\"data\":{\"secret\":\"" + marker + "\"}}");
            assertEquals(202, broadcast.statusCode(), broadcast.body());
            await().atMost(Duration.ofSeconds(10)).until(() -> !sse.frames().isEmpty());
            eventId = sse.frames().get(0).id();
        }
        String bootstrap = infra.get("kafka.bootstrap.servers");
        for (String topic : List.of(Topics.MESSAGES, Topics.EVENTS)) {
            assertFalse(RawStores.anyContains(RawStores.topic(bootstrap, topic), marker), "the marker is on " + topic + " in plaintext");
        }

        try (ConductorProcess rotatedConductor = new ConductorProcess("k2-with-k1", infra, root,
                settings("HARMONY_ENCRYPTION_KEY", K2, "HARMONY_ENCRYPTION_KEY_ID", "k2", "HARMONY_ENCRYPTION_OLD_KEYS", "k1:" + K1)).start();
                ConductorProcess withoutOld = new ConductorProcess("k2-only", infra, root,
                        settings("HARMONY_ENCRYPTION_KEY", K2, "HARMONY_ENCRYPTION_KEY_ID", "k2")).start()) {
            JsonNode messages = receive(rotatedConductor.uri(), rotated);
            assertEquals(sent, List.of(messages.path(0).path("message_id").asText(), messages.path(1).path("message_id").asText()));
            assertEquals(marker, messages.path(0).path("payload").path("secret").asText());
            assertEquals(marker, messages.path(1).path("payload").path("secret").asText());
            try (SseClient resumed = new SseClient(rotatedConductor.uri() + "/events/subscribe?event_type=" + type, Long.toString(eventId - 1))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.frames().isEmpty());
                assertEquals(marker, JSON.readTree(resumed.frames().get(0).data()).path("data").path("secret").asText());
            }

            // Without k1 the orphaned message cannot be read: skipped and counted, the call still a 200.
            assertEquals(0, receive(withoutOld.uri(), orphaned).size());
            String metrics = ClientAgainstConductorsIT.call("GET", withoutOld.uri(), "/q/metrics", null).body();
            assertTrue(metrics.contains("harmony_decrypt_failures_total{record=\"message\"} 1.0"), metrics.lines()
                    .filter(l -> l.contains("decrypt")).toList().toString());

            // What is sealed now (under k2) both read.
            String fresh = send(rotatedConductor.uri(), rotated, marker);
            JsonNode again = receive(withoutOld.uri(), rotated);
            assertEquals(fresh, again.path(0).path("message_id").asText());
            assertEquals(marker, again.path(0).path("payload").path("secret").asText());
        }
    }

    @Test
    void aBadKeyStopsTheConductorAtStartNamingTheSettingButNotTheKey() throws Exception {
        String shortKey = "c2hvcnQta2V5LW9mLTE3YiE="; // 17 bytes
        try (ConductorProcess bad = new ConductorProcess("bad-key", infra, root, settings("HARMONY_ENCRYPTION_KEY", shortKey))) {
            assertThrows(RuntimeException.class, bad::start); // it exits: ConductorProcess says so rather than wait for health
            String log = Files.readString(bad.log());
            assertTrue(log.contains("harmony.encryption.key decodes to 17 bytes"), log);
            assertFalse(log.contains(shortKey), "the key is in the log");
        }
    }
}
