package io.harmony.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.EmbeddedInfraResource;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.events.EventPublisher;
import io.harmony.events.SseClient;
import io.harmony.liveness.EventsConsumer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * Changes made directly in Redis, through a plain client, become state-changed / state-deleted events on
 * harmony.events and reach SSE subscribers; with two watchers on one Redis each change is announced once.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class KeyspaceWatcherTest {
    static final Duration BOUND = Duration.ofSeconds(10); // functional bound; the 1 s is measured by hand

    @Inject
    RedisDataSource redis;

    @Inject
    Vertx vertx;

    @Inject
    EventPublisher publisher;

    @Inject
    io.harmony.config.Endpoints endpoints;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/events/subscribe")
    URL subscribe;

    static String key() {
        return "watch:" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The state events of harmony.events about the given API keys. */
    static List<JsonNode> stateEvents(EventsConsumer events, String keyPrefix) {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : events.poll(KeyspaceWatcher.FROM)) {
            JsonNode e = EventsConsumer.json(r);
            if (e.path("data").path("key").asText().startsWith(keyPrefix)) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void directSetAndDelBecomeEventsOnTheTopicAndTheStream() {
        String key = key();
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS);
                SseClient sse = new SseClient(subscribe + "?event_type=state-*", null)) {
            // the stream is open once a first state event comes through (a live stream replays nothing)
            String warmup = key();
            int[] n = { 0 };
            await().atMost(BOUND).until(() -> {
                redis.value(String.class).set("echo:" + warmup, Integer.toString(n[0]++));
                return !sse.frames().isEmpty();
            });
            redis.value(String.class).set("echo:" + key, "hello");
            await().atMost(BOUND).until(() -> sse.frames().stream().anyMatch(f -> f.data().contains("\"key\":\"" + key + "\"")));
            SseClient.Frame frame = sse.frames().stream().filter(f -> f.data().contains(key)).findFirst().orElseThrow();
            assertEquals("state-changed", frame.event());
            assertTrue(frame.data().contains("\"value\":\"hello\""), frame.data());
            assertTrue(frame.data().contains("\"version\":\"" + StateValues.version("hello") + "\""), frame.data());

            redis.value(String.class).set("echo:" + key, "{\"n\":1}");
            await().atMost(BOUND).until(() -> stateEvents(events, key).size() == 2);
            assertEquals(1, stateEvents(events, key).get(1).path("data").path("value").path("n").asInt());

            redis.key().del("echo:" + key);
            await().atMost(BOUND).until(() -> stateEvents(events, key).size() == 3);
            JsonNode deleted = stateEvents(events, key).get(2);
            assertEquals("state-deleted", deleted.path("event").asText());
            assertEquals("echo:" + key, deleted.path("data").path("redis_key").asText());
            await().atMost(BOUND).until(() -> sse.events().stream().filter(e -> e.equals("state-deleted")).count() >= 1);
        }
    }

    @Test
    void twoWatchersOnOneRedisAnnounceEachChangeOnce() {
        KeyspaceWatcher second = new KeyspaceWatcher(vertx, redis, publisher, endpoints);
        second.start();
        String prefix = key() + ":";
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS)) {
            await().atMost(BOUND).until(second::isListening);
            // 30 keys written once each, and one key changed 10 times, each change seen before the next.
            for (int i = 0; i < 30; i++) {
                redis.value(String.class).set("echo:" + prefix + i, "v" + i);
            }
            String busy = prefix + "busy";
            for (int i = 0; i < 10; i++) {
                redis.value(String.class).set("echo:" + busy, Integer.toString(i));
                int expected = i + 1;
                await().atMost(BOUND).until(() -> stateEvents(events, busy).size() >= expected);
            }
            redis.key().del("echo:" + busy);
            await().atMost(BOUND).until(() -> stateEvents(events, prefix).size() >= 41);
            // Both watchers have had every notification by now; give a duplicate the time to show up.
            String marker = prefix + "zz-marker";
            redis.value(String.class).set("echo:" + marker, "last");
            await().atMost(BOUND).until(() -> !stateEvents(events, marker).isEmpty());

            Map<String, Long> perChange = stateEvents(events, prefix).stream().collect(Collectors.groupingBy(
                    e -> e.path("event").asText() + " " + e.path("data").path("key").asText() + " " + e.path("data").path("version").asText(),
                    Collectors.counting()));
            assertEquals(42, perChange.size(), perChange.toString()); // 30 + 10 + 1 delete + marker
            perChange.forEach((change, count) -> assertEquals(1L, count, "announced more than once: " + change));
        } finally {
            second.stop();
        }
    }
}
