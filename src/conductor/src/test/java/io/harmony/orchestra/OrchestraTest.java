package io.harmony.orchestra;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.EmbeddedInfraResource;
import io.harmony.json.Json;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** The seed's "Testing the Orchestra" 1–4, and each component's part, with the four components on the test conductor. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestraTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL conductor;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "harmony.heartbeat.interval")
    double interval;
    @Inject
    RedisDataSource redis;

    Orchestra orchestra;

    @BeforeAll
    void startTheFour() throws Exception {
        Map<String, Integer> freePorts = new HashMap<>();
        Orchestra.ALL.forEach(name -> freePorts.put(name, 0));
        orchestra = Orchestra.start(new Orchestra.Settings(URI.create(conductor.toString()), bootstrap, "127.0.0.1", freePorts), Orchestra.ALL);
        assertTrue(orchestra.awaitRegistered(Duration.ofSeconds(60)));
    }

    @AfterAll
    void stopTheFour() {
        if (orchestra != null) {
            orchestra.close();
        }
    }

    @Test
    void test1AllFourComponentsAreRegistered() throws Exception {
        List<String> names = given().get("/services").then().statusCode(200).extract().jsonPath().getList("services.component");
        assertTrue(names.containsAll(Orchestra.ALL), names.toString());
        for (String name : Orchestra.ALL) {
            Component c = orchestra.component(name);
            JsonPath service = given().get("/services/{id}", c.componentId()).then().statusCode(200).extract().jsonPath();
            assertEquals(name, service.getString("component"));
            assertEquals(c.port(), service.getInt("port"));
            assertEquals("http://127.0.0.1:" + c.port() + "/health", service.getString("health_check_url"));
            assertEquals(200, get(c, "/health").statusCode());
        }
    }

    @Test
    void test2EveryHeartbeatIsRecent() {
        // The liveness view refreshes a beating component's last_heartbeat at most once a second (CONTRACT.md,
        // harmony.status), so with the tests' 0.5 s interval "recent" is one interval plus that refresh.
        Duration recent = Duration.ofMillis(Math.round(interval * 1000)).plusSeconds(1).plusMillis(500);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath dashboard = given().get("/dashboard").then().statusCode(200).extract().jsonPath();
            Instant now = Instant.parse(dashboard.getString("timestamp"));
            for (String name : Orchestra.ALL) {
                String id = orchestra.component(name).componentId();
                Instant last = Instant.parse(dashboard.getString("components.find { it.component_id == '" + id + "' }.last_heartbeat"));
                assertTrue(Duration.between(last, now).compareTo(recent) <= 0, id + " last beat " + last + ", now " + now);
                assertEquals("healthy", dashboard.getString("components.find { it.component_id == '" + id + "' }.status"));
            }
        });
    }

    @Test
    void test3SherlockHubPingsEchoGitSyncAndGetsPong() {
        given().contentType(ContentType.JSON).body("{\"from\":\"sherlock-hub\",\"to\":\"echo-git-sync\",\"request_type\":\"ping\"}")
                .post("/request").then().statusCode(200).body("status", is("ok")).body("response", is("pong"))
                .body("responder", is(orchestra.component("echo-git-sync").componentId()));
    }

    @Test
    void test4ADirectRedisSetReachesEveryComponentWithinOneSecond() throws Exception {
        String value = "hello-" + System.nanoTime();
        redis.value(String.class).set("echo:test:value", value);
        long set = System.nanoTime();
        // The seed: "Verify all components see it". Each component's mirror, read over its own HTTP port.
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (String name : Orchestra.ALL) {
                JsonNode state = Json.mapper().readTree(get(orchestra.component(name), "/state").body());
                assertEquals(value, state.path("state").path("echo:test:value").asText(), name);
            }
        });
        System.out.printf("Test 4: a direct SET reached all four components in %d ms%n", (System.nanoTime() - set) / 1_000_000);
    }

    @Test
    void echoGitSyncTakesSyncRequestsFromItsQueueAndAnswersForTheirStatus() throws Exception {
        Component sync = orchestra.component("echo-git-sync");
        String repo = "repo-" + System.nanoTime();
        given().contentType(ContentType.JSON)
                .body("{\"from\":\"sherlock-hub\",\"to\":\"echo-git-sync\",\"message_type\":\"sync-request\",\"payload\":{\"repository\":\"" + repo + "\",\"force\":false}}")
                .post("/queue/send").then().statusCode(202);
        // The seed's direct call, and Pattern 2 through the conductor.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("synced",
                Json.mapper().readTree(get(sync, "/sync-status").body()).path("repositories").path(repo).path("status").asText()));
        given().contentType(ContentType.JSON).body("{\"from\":\"sherlock-hub\",\"to\":\"echo-git-sync\",\"request_type\":\"get-sync-status\"}")
                .post("/request").then().statusCode(200).body("response.repositories." + repo + ".status", is("synced"));
        // Through global-nexus: discovery from its cache, and a call routed to a healthy instance.
        Component nexus = orchestra.component("global-nexus");
        JsonNode services = Json.mapper().readTree(get(nexus, "/services").body());
        assertTrue(services.path("services").size() >= 4, services.toString());
        assertTrue(services.has("staleness_seconds"), services.toString());
        HttpResponse<String> routed = get(nexus, "/route/echo-git-sync/sync-status");
        assertEquals(200, routed.statusCode(), routed.body());
        assertEquals("synced", Json.mapper().readTree(routed.body()).path("repositories").path(repo).path("status").asText());
        assertEquals(503, get(nexus, "/route/no-such-component/anything").statusCode());
    }

    @Test
    void sherlockHubBroadcastsNewEntitiesAndAnswersSearches() throws Exception {
        Component hub = orchestra.component("sherlock-hub");
        String name = "Ada Lovelace " + System.nanoTime();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(hub.baseUri().resolve("/entities"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"entity_type\":\"Person\",\"name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        given().contentType(ContentType.JSON)
                .body("{\"from\":\"global-nexus\",\"to\":\"sherlock-hub\",\"request_type\":\"search\",\"payload\":{\"query\":\"lovelace\"}}")
                .post("/request").then().statusCode(200).body("response.results[0].name", is(name));
    }

    @Test
    void globalCortexServesTheMetricsItConsumedFromKafka() throws Exception {
        Component cortex = orchestra.component("global-cortex");
        String hub = orchestra.component("sherlock-hub").componentId();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode metrics = Json.mapper().readTree(get(cortex, "/metrics/" + hub).body());
            assertEquals(hub, metrics.path("component_id").asText());
            assertTrue(metrics.path("points").size() > 0, metrics.toString());
            assertTrue(metrics.path("points").get(0).path("metrics").has("requests_total"), metrics.toString());
        });
        JsonNode all = Json.mapper().readTree(get(cortex, "/metrics").body());
        assertTrue(all.path("components").size() >= 4, all.toString());
        assertEquals(400, get(cortex, "/metrics?start=yesterday").statusCode());
        String now = Instant.now().toString();
        assertEquals(400, get(cortex, "/metrics?start=" + now + "&end=" + Instant.now().minusSeconds(60)).statusCode());
    }

    private static HttpResponse<String> get(Component component, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(component.baseUri().resolve(path)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
