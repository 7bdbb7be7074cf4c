package io.harmony.state;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.embedded.EmbeddedInfra;
import io.harmony.embedded.EmbeddedRedis;
import io.harmony.liveness.EventsConsumer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Redis stopped under a running conductor and started again: the state endpoints answer 503 (never 500) within the
 * contract's 2 s, /health names Redis, heartbeats and registry reads carry on; after Redis returns, the API, the health
 * and the keyspace subscription recover by themselves within 10 s. Its own Redis server, so stopping it touches no
 * other test; the shared broker is reused.
 */
@QuarkusTest
@TestProfile(RedisOutageTest.OwnRedis.class)
class RedisOutageTest {
    static final long CONTRACT_503_MS = 2000;
    static final Duration RECOVERY = Duration.ofSeconds(10);

    /** The shared broker and a Redis of this test's own, on a free port. */
    public static class OwnRedis implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnRedisResource.class));
        }
    }

    public static class OwnRedisResource implements QuarkusTestResourceLifecycleManager {
        static Path dir;
        static volatile EmbeddedRedis redis;

        @Override
        public Map<String, String> start() {
            try {
                Path shared = Files.createTempDirectory("harmony-test-");
                Map<String, String> config = new HashMap<>(EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, shared, false)));
                dir = Files.createTempDirectory("outage-redis-");
                redis = EmbeddedRedis.start(dir, 0, false);
                config.put("quarkus.redis.hosts", redis.url());
                return config;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Inject
    RedisDataSource redisClient;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static void answersWithin(long ms, Runnable call) {
        long t = System.nanoTime();
        call.run();
        long took = (System.nanoTime() - t) / 1_000_000;
        assertTrue(took < ms, "answered after " + took + " ms");
    }

    @Test
    void outageAnswers503AndEverythingRecoversWithoutARestart() {
        String key = "outage:" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"value\":1}").put("/state/" + key).then().statusCode(200);
        String componentId = given().contentType(ContentType.JSON)
                .body("{\"component\":\"outage-probe\",\"version\":\"1\",\"port\":7001}").post("/register")
                .then().statusCode(201).extract().path("component_id");
        int port = OwnRedisResource.redis.port();

        OwnRedisResource.redis.close();
        for (int round = 0; round < 3; round++) {
            answersWithin(CONTRACT_503_MS, () -> given().get("/state/" + key).then().statusCode(503).body("error", startsWith("Redis")));
            answersWithin(CONTRACT_503_MS, () -> given().contentType(ContentType.JSON).body("{\"value\":2}").put("/state/" + key)
                    .then().statusCode(503));
            answersWithin(CONTRACT_503_MS, () -> given().delete("/state/" + key).then().statusCode(503));
            answersWithin(CONTRACT_503_MS, () -> given().queryParam("prefix", "outage:").get("/state").then().statusCode(503));
            answersWithin(CONTRACT_503_MS, () -> given().queryParam("component", "outage-probe").get("/queue/receive").then().statusCode(503));
            given().get("/health").then().statusCode(503).body("checks.redis", startsWith("DOWN"))
                    .body("checks.kafka", is("UP")).body("checks.registry", is("UP"));
            // What a load balancer asks: this replica still serves heartbeats and reads, so it stays in rotation.
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health/group/redis").then().statusCode(503);
            // Heartbeats and registry reads never need Redis.
            given().contentType(ContentType.JSON).body("{\"component_id\":\"" + componentId + "\"}").post("/heartbeat")
                    .then().statusCode(200);
            given().get("/services/" + componentId).then().statusCode(200);
            given().get("/services").then().statusCode(200);
        }

        // Started again, empty, on the same port.
        OwnRedisResource.redis = EmbeddedRedis.start(OwnRedisResource.dir, port, false);
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            given().get("/state/" + key).then().statusCode(404); // nothing persisted: gone, but answered
            given().get("/health").then().statusCode(200);
        });
        given().contentType(ContentType.JSON).body("{\"value\":3}").put("/state/" + key).then().statusCode(200);
        // The keyspace subscription is back: a direct write is announced.
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS)) {
            String direct = "outage:direct-" + UUID.randomUUID().toString().substring(0, 8);
            redisClient.value(String.class).set("echo:" + direct, "after");
            await().atMost(RECOVERY).until(() -> !KeyspaceWatcherTest.stateEvents(events, direct).isEmpty());
        }
    }
}
