package io.harmony.state;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;

/** The state API against the real Redis; direct writes go through a plain Redis client, as a component's would. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class StateResourceTest {
    @Inject
    RedisDataSource redis;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    static String key() {
        return "test:" + UUID.randomUUID().toString().substring(0, 8);
    }

    static io.restassured.response.ValidatableResponse put(String key, String body, String ifMatch) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put("/state/" + key).then();
    }

    @Test
    void putThenGetAnswersValueAndShaVersion() {
        String key = key();
        String version = put(key, "{\"value\":{\"status\":\"operational\",\"mode\":\"production\"}}", null).statusCode(200)
                .body("key", is(key)).body("value.mode", is("production"))
                .header("ETag", matchesPattern("\"[0-9a-f]{40}\""))
                .extract().path("version");
        // The version is the SHA-1 of the bytes Redis holds, so any client can compute it.
        String stored = redis.value(String.class).get("echo:" + key);
        assertEquals("{\"status\":\"operational\",\"mode\":\"production\"}", stored);
        assertEquals(StateValues.version(stored), version);
        given().get("/state/" + key).then().statusCode(200).body("version", is(version)).body("value.status", is("operational"));
    }

    @Test
    void compareAndSetSucceedsOnCurrentVersionAndConflictChangesNothing() {
        String key = key();
        String v1 = put(key, "{\"value\":1}", null).statusCode(200).extract().path("version");
        String v2 = put(key, "{\"value\":2}", "\"" + v1 + "\"").statusCode(200).extract().path("version");
        put(key, "{\"value\":3}", v1).statusCode(409).body("field", is("If-Match"));
        given().get("/state/" + key).then().body("value", is(2)).body("version", is(v2));
        given().header("If-Match", v1).delete("/state/" + key).then().statusCode(409);
        given().get("/state/" + key).then().statusCode(200).body("value", is(2));
        given().header("If-Match", v2).delete("/state/" + key).then().statusCode(204);
        given().get("/state/" + key).then().statusCode(404).body("field", is("key"));
        // If-None-Match: * creates only when absent
        given().contentType(ContentType.JSON).header("If-None-Match", "*").body("{\"value\":\"first\"}").put("/state/" + key)
                .then().statusCode(200);
        given().contentType(ContentType.JSON).header("If-None-Match", "*").body("{\"value\":\"second\"}").put("/state/" + key)
                .then().statusCode(409);
        given().get("/state/" + key).then().body("value", is("first"));
    }

    @Test
    void concurrentPutsWithTheSameIfMatchLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 5; round++) {
            String key = key();
            String v = put(key, "{\"value\":0}", null).statusCode(200).extract().path("version");
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> writers = new ArrayList<>();
            for (int w = 1; w <= 4; w++) {
                int writer = w;
                writers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return put(key, "{\"value\":" + writer + "}", v).extract().statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = writers.stream().map(CompletableFuture::join).sorted().toList();
            assertEquals(List.of(200, 409, 409, 409), codes);
        }
    }

    @Test
    void plainTextReadsBackAsStringAndJsonTextAsJson() {
        String key = key();
        redis.value(String.class).set("echo:" + key, "hello");
        given().get("/state/" + key).then().statusCode(200).body("value", is("hello"));
        redis.value(String.class).set("echo:" + key, "42");
        given().get("/state/" + key).then().body("value", is(42));
        redis.value(String.class).set("echo:" + key, "42 apples");
        given().get("/state/" + key).then().body("value", is("42 apples"));
        // a PUT of a string stores its plain text, as redis-cli users expect
        put(key, "{\"value\":\"plain words\"}", null).statusCode(200).body("value", is("plain words"));
        assertEquals("plain words", redis.value(String.class).get("echo:" + key));
        put(key, "{\"value\":[1,{\"a\":null}]}", null).statusCode(200);
        assertEquals("[1,{\"a\":null}]", redis.value(String.class).get("echo:" + key));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a..b", "a%20b", "a%2Fb", "caf%C3%A9", "a*b", "a%3Fb" })
    void badKeysAre400AndWriteNothing(String key) {
        given().get("/state/" + key).then().statusCode(400).body("field", is("key"));
        put(key, "{\"value\":1}", null).statusCode(400).body("field", is("key"));
        given().delete("/state/" + key).then().statusCode(400);
    }

    @Test
    void overlongKeysAndBadBodiesAre400() {
        String longKey = "k".repeat(513);
        put(longKey, "{\"value\":1}", null).statusCode(400).body("field", is("key"));
        put("k".repeat(512), "{\"value\":1}", null).statusCode(200);
        String key = key();
        put(key, "{}", null).statusCode(400).body("field", is("value"));
        put(key, "[1]", null).statusCode(400);
        put(key, "{\"value\":1e400}", null).statusCode(400);
        put(key, "{\"value\":1}", "not-a-version").statusCode(400).body("field", is("If-Match"));
        given().get("/state/" + key).then().statusCode(404);
        given().queryParam("prefix", "a*").get("/state").then().statusCode(400).body("field", is("prefix"));
    }

    @Test
    void keyOfAnotherRedisTypeIs409NotA500() {
        String key = key();
        redis.hash(String.class).hset("echo:" + key, "f", "v");
        given().get("/state/" + key).then().statusCode(409).body("field", is("key"));
        put(key, "{\"value\":1}", "*").statusCode(409);
    }

    @Test
    void prefixListingWalksEveryScanPage() {
        String prefix = "many" + UUID.randomUUID().toString().substring(0, 6) + ":";
        int n = SharedState.SCAN_PAGE * 2 + 137;
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add("echo:" + prefix + String.format("%05d", i));
            args.add(Integer.toString(i));
        }
        redis.execute("MSET", args.toArray(String[]::new));
        given().queryParam("prefix", prefix).get("/state").then().statusCode(200).body("keys", hasSize(n))
                .body("keys[0]", is(prefix + "00000")).body("keys[" + (n - 1) + "]", is(prefix + String.format("%05d", n - 1)));
        given().queryParam("prefix", prefix + "0000").get("/state").then().body("keys", hasSize(10));
    }

    @Test
    void putPublishesTheValueOnTheKeysChannelForPatternWatchers() throws Exception {
        // The seed's watcher: PSUBSCRIBE 'echo:global:*' on its own connection.
        String key = "global:" + UUID.randomUUID().toString().substring(0, 8);
        List<String> heard = new CopyOnWriteArrayList<>();
        Redis client = Redis.createClient(vertx, redisHosts.split(",")[0]);
        try {
            var conn = client.connect().toCompletionStage().toCompletableFuture().get();
            conn.handler(m -> {
                if (m.size() == 4 && "pmessage".equals(m.get(0).toString())) {
                    heard.add(m.get(2) + "=" + m.get(3));
                }
            });
            conn.send(Request.cmd(Command.PSUBSCRIBE).arg("echo:global:*")).toCompletionStage().toCompletableFuture().get();
            put(key, "{\"value\":{\"mode\":\"maintenance\"}}", null).statusCode(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("echo:" + key + "={\"mode\":\"maintenance\"}"));
        } finally {
            client.close();
        }
    }
}
