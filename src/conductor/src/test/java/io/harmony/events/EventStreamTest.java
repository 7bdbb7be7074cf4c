package io.harmony.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class EventStreamTest {

    @TestHTTPResource("/events/subscribe")
    URL subscribe;

    static String broadcast(String type, String marker) {
        return given().contentType(ContentType.JSON)
                .body("{\"from\":\"sherlock-hub\",\"event_type\":\"" + type + "\",\"data\":{\"marker\":\"" + marker + "\"}}")
                .post("/broadcast").then().statusCode(202).extract().path("event_id");
    }

    @Test
    void subscriberGetsMatchingBroadcastsOnly() {
        String marker = UUID.randomUUID().toString();
        try (SseClient sse = new SseClient(subscribe + "?event_type=entity-*", null)) {
            // the stream is open once a first matching event comes through
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                broadcast("entity-warmup", marker);
                return !sse.frames().isEmpty();
            });
            broadcast("other-created", marker);
            String id = broadcast("entity-created", marker);
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.frames().stream().anyMatch(f -> f.data().contains(id)));
            assertFalse(sse.events().contains("other-created"));
            assertTrue(sse.frames().stream().allMatch(f -> f.event().startsWith("entity-")));
            SseClient.Frame created = sse.frames().stream().filter(f -> f.data().contains(id)).findFirst().orElseThrow();
            assertTrue(created.data().contains("\"event\":\"entity-created\"") && created.data().contains("\"from\":\"sherlock-hub\""));
        }
    }

    @Test
    void reconnectWithLastEventIdGetsExactlyWhatItMissed() {
        String marker = UUID.randomUUID().toString();
        long lastSeen;
        try (SseClient sse = new SseClient(subscribe + "?event_type=resume-*", null)) {
            List<String> warmups = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                warmups.add(broadcast("resume-first", marker));
                return !sse.frames().isEmpty();
            });
            // The warm-up may have sent several before the first arrived: wait for all of them, so the stream is
            // closed after the last one and the reconnect below misses exactly what is sent after it.
            await().atMost(Duration.ofSeconds(10)).until(() -> warmups.stream()
                    .allMatch(w -> sse.frames().stream().anyMatch(f -> f.data().contains(w))));
            assertEquals(warmups.size(), sse.frames().size(), "only the warm-ups: " + sse.frames());
            lastSeen = sse.frames().get(sse.frames().size() - 1).id();
        }
        // while disconnected: three matching, one not
        List<String> missed = List.of(broadcast("resume-a", marker), broadcast("resume-b", marker));
        broadcast("unrelated-x", marker);
        String third = broadcast("resume-c", marker);
        try (SseClient sse = new SseClient(subscribe + "?event_type=resume-*", Long.toString(lastSeen))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sse.frames().stream().anyMatch(f -> f.data().contains(third)));
            String live = broadcast("resume-live", marker);
            await().atMost(Duration.ofSeconds(10)).until(() -> sse.frames().stream().anyMatch(f -> f.data().contains(live)));
            // Exactly what was missed, in order, then the live one: nothing from before the disconnect, nothing twice.
            List<SseClient.Frame> frames = sse.frames();
            assertEquals(List.of("resume-a", "resume-b", "resume-c", "resume-live"), sse.events());
            List<String> sent = List.of(missed.get(0), missed.get(1), third, live);
            for (int i = 0; i < sent.size(); i++) {
                assertTrue(frames.get(i).data().contains("\"event_id\":\"" + sent.get(i) + "\""), "frame " + i + ": " + frames.get(i));
            }
            assertTrue(frames.get(0).id() > lastSeen, "first id " + frames.get(0).id() + " after " + lastSeen);
            for (int i = 1; i < frames.size(); i++) {
                assertTrue(frames.get(i).id() > frames.get(i - 1).id(), "ids increase: " + frames);
            }
        }
    }

    @Test
    void statusTransitionArrivesOnAComponentStream() {
        try (SseClient sse = new SseClient(subscribe + "?event_type=component-*", null)) {
            String component = "sse-" + UUID.randomUUID().toString().substring(0, 8);
            String id = given().contentType(ContentType.JSON)
                    .body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":7000}")
                    .post("/register").then().statusCode(201).extract().path("component_id");
            await().atMost(Duration.ofSeconds(15)).until(() -> sse.frames().stream()
                    .anyMatch(f -> f.event().equals("component-degraded") && f.data().contains(id)));
        }
    }

    @Test
    void badPatternsAndIdsAre400() {
        given().queryParam("event_type", "a b").get("/events/subscribe").then().statusCode(400).body("field", org.hamcrest.Matchers.is("event_type"));
        given().queryParam("last_event_id", "x").get("/events/subscribe").then().statusCode(400);
        // The test client refuses such an answer instead of waiting for frames that never come.
        AssertionError refused = assertThrows(AssertionError.class, () -> new SseClient(subscribe + "?event_type=a%20b", null));
        assertTrue(refused.getMessage().contains("HTTP 400") && refused.getMessage().contains("event_type"), refused.getMessage());
        given().contentType(ContentType.JSON).body("{\"from\":\"a\",\"event_type\":5}").post("/broadcast").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"from\":\"a\"}").post("/broadcast").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"from\":\"a\",\"event_type\":\"x\",\"data\":{\"v\":1e400}}").post("/broadcast").then().statusCode(400).body("field", org.hamcrest.Matchers.is("data.v"));
    }
}
