package io.harmony.registry;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class RegistryResourceTest {

    static final String ISO = "\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z";

    static String body(String component, int port) {
        return """
                {"component":"%s","version":"1.0.0","port":%d,"capabilities":["entity-mapping","search"],
                 "health_check_url":"http://localhost:%d/health"}""".formatted(component, port, port);
    }

    static String register(String component, int port) {
        return given().contentType(ContentType.JSON).body(body(component, port)).post("/register")
                .then().statusCode(201).extract().path("component_id");
    }

    @Test
    void registerAnswersTheContractShape() {
        String component = "hub-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(body(component, 8000)).post("/register")
                .then().statusCode(201)
                .body("status", is("registered"))
                .body("component_id", is(component + "-001"))
                .body("heartbeat_interval", is(0.5f))
                .body("next_heartbeat", matchesPattern(ISO));
    }

    @Test
    void registeringSameHostAndPortTwiceReturnsSameId() {
        String component = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        String first = register(component, 9000);
        String again = register(component, 9000);
        String other = register(component, 9001);
        assertThat(first, component + "-001");
        assertThat(again, first);
        assertThat(other, component + "-002");
    }

    @Test
    void aBurstOfConcurrentRegistrationsIsAnsweredWithoutFailures() throws Exception {
        // 64 clients at once: each registration waits for a Redis connection (id allocation) and for the view.
        // Quarkus' default Redis pool (6 connections, 24 waiting) turned ~20 % of such a burst into 503s.
        String component = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        int clients = 64;
        int perClient = 3;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < clients * perClient; i++) {
                int port = 10000 + i;
                statuses.add(pool.submit(() -> given().contentType(ContentType.JSON).body(body(component, port))
                        .post("/register").statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(String.valueOf(status.get(60, TimeUnit.SECONDS)), "201");
            }
        } finally {
            pool.shutdownNow();
        }
        // Every instance got its own id, numbered 001..192 without gaps.
        given().queryParam("component", component).get("/services").then().statusCode(200)
                .body("services", hasSize(clients * perClient))
                .body("services.component_id", hasItem(component + "-" + (clients * perClient)));
    }

    @Test
    void serviceIsVisibleRightAfterRegisterAndGoneRightAfterDelete() {
        String component = "nexus-" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(component, 9001);
        given().get("/services/{id}", id).then().statusCode(200)
                .body("component_id", is(id))
                .body("component", is(component))
                .body("version", is("1.0.0"))
                .body("port", is(9001))
                .body("host", notNullValue())
                .body("status", is("healthy"))
                .body("capabilities", hasItem("search"))
                .body("health_check_url", is("http://localhost:9001/health"))
                .body("last_heartbeat", matchesPattern(ISO))
                .body("registered_at", matchesPattern(ISO));
        given().when().delete("/services/{id}", id).then().statusCode(204);
        given().get("/services/{id}", id).then().statusCode(404).body("error", notNullValue());
        given().when().delete("/services/{id}", id).then().statusCode(404).body("field", is("component_id"));
    }

    @Test
    void heartbeatIsAcknowledgedForKnownIdsAndRefusedForUnknownOnes() {
        String id = register("cortex-" + UUID.randomUUID().toString().substring(0, 8), 9002);
        given().contentType(ContentType.JSON)
                .body("""
                        {"component_id":"%s","timestamp":"2025-12-17T19:45:05","status":"healthy",
                         "metrics":{"requests_total":150,"errors":0,"average_response_time_ms":45}}""".formatted(id))
                .post("/heartbeat")
                .then().statusCode(200)
                .body("status", is("acknowledged"))
                .body("next_heartbeat", matchesPattern(ISO))
                .body("commands", hasSize(0));
        given().contentType(ContentType.JSON).body("{\"component_id\":\"nobody-999\",\"status\":\"healthy\"}")
                .post("/heartbeat")
                .then().statusCode(404).body("error", notNullValue()).body("field", is("component_id"));
    }

    @Test
    void servicesFilterByComponentCapabilityAndStatus() {
        String component = "filter-" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(component, 7000);
        given().queryParam("component", component).get("/services").then().statusCode(200)
                .body("services", hasSize(1)).body("services[0].component_id", is(id));
        given().queryParam("component", component).queryParam("capability", "entity-mapping").get("/services")
                .then().body("services", hasSize(1));
        given().queryParam("component", component).queryParam("capability", "nope").get("/services")
                .then().body("services", hasSize(0));
        given().queryParam("status", "sleepy").get("/services")
                .then().statusCode(400).body("field", is("status"));
    }

    @Test
    void statusFilterListsExactlyTheInstancesInThatState() {
        // Given two instances of one component: one keeps beating, the other falls silent. The filter is checked
        // against instances known to be in each state, so an empty answer (which every matcher over the items would
        // accept) fails.
        String component = "states-" + UUID.randomUUID().toString().substring(0, 8);
        String beating = register(component, 7010);
        String silent = register(component, 7011);
        try {
            // Then, while beating keeps beating, the silent one is listed as degraded (after M x I) and then as
            // offline (G later), and under no other status; the bound is generous, LivenessTimingTest holds the timing.
            for (String state : List.of("degraded", "offline")) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    beat(beating);
                    given().queryParam("status", state).get("/services").then().statusCode(200)
                            .body("services.component_id", hasItem(silent))
                            .body("services.status", everyItem(is(state)));
                });
                beat(beating);
                given().queryParam("component", component).queryParam("status", state).get("/services").then()
                        .statusCode(200)
                        .body("services.component_id", contains(silent))
                        .body("services[0].status", is(state));
                given().queryParam("component", component).queryParam("status", "healthy").get("/services").then()
                        .statusCode(200)
                        .body("services.component_id", contains(beating))
                        .body("services[0].status", is("healthy"));
                given().queryParam("status", "healthy").get("/services").then().statusCode(200)
                        .body("services.component_id", hasItem(beating))
                        .body("services.component_id", not(hasItem(silent)))
                        .body("services.status", everyItem(is("healthy")));
            }
            given().queryParam("status", "degraded").get("/services").then()
                    .body("services.component_id", not(hasItem(silent)));
        } finally {
            given().delete("/services/{id}", beating);
            given().delete("/services/{id}", silent); // leaves no offline instance behind for the dashboard checks
        }
    }

    static void beat(String id) {
        given().contentType(ContentType.JSON).body("{\"component_id\":\"" + id + "\",\"status\":\"healthy\"}")
                .post("/heartbeat").then().statusCode(200);
    }

    @Test
    void dashboardCarriesLatestMetrics() {
        String component = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(component, 7100);
        given().contentType(ContentType.JSON)
                .body("{\"component_id\":\"" + id + "\",\"metrics\":{\"requests_total\":150,\"errors\":2,\"entities_count\":1000}}")
                .post("/heartbeat").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath dashboard = given().get("/dashboard").then().statusCode(200)
                    .body("timestamp", matchesPattern(ISO))
                    .body("components.find { it.component_id == '" + id + "' }.entities_count", equalTo(1000.0f))
                    .body("components.find { it.component_id == '" + id + "' }.requests_total", equalTo(150.0f))
                    .body("components.find { it.component_id == '" + id + "' }.errors", equalTo(2.0f))
                    .body("components.find { it.component_id == '" + id + "' }.uptime_seconds", notNullValue())
                    .extract().jsonPath();
            // Other tests' instances share this conductor, so the expected value is derived from this very answer.
            assertOverallStatusFollowsTheComponents(dashboard);
        });
        // The page at / is static and fills itself from /dashboard (DashboardPageTest drives it in a browser).
        given().accept(ContentType.HTML).get("/").then().statusCode(200)
                .contentType(ContentType.HTML).body(org.hamcrest.Matchers.containsString("dashboard.js"));
    }

    @Test
    void dashboardOverallStatusIsDegradedWhileAnyInstanceIsDegradedOrOffline() {
        // CONTRACT.md: overall_status is "degraded" when any component is degraded or offline. A silent instance is
        // both in turn, whatever else is registered, so the expected value does not depend on other tests; a healthy
        // instance beats beside it, so "healthy as soon as one is healthy" fails too.
        String component = "quiet-" + UUID.randomUUID().toString().substring(0, 8);
        String beating = register(component, 7200);
        String silent = register(component, 7201);
        try {
            for (String state : List.of("degraded", "offline")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    beat(beating);
                    return state.equals(given().get("/dashboard").then().statusCode(200).extract().jsonPath()
                            .getString("components.find { it.component_id == '" + silent + "' }.status"));
                });
                beat(beating);
                // (degraded may turn offline meanwhile: "degraded" overall either way)
                JsonPath dashboard = given().get("/dashboard").then().statusCode(200)
                        .body("components.find { it.component_id == '" + beating + "' }.status", is("healthy"))
                        .extract().jsonPath();
                assertThat(dashboard.getString("overall_status"), "degraded");
                assertOverallStatusFollowsTheComponents(dashboard);
            }
        } finally {
            given().delete("/services/{id}", beating);
            given().delete("/services/{id}", silent); // an offline instance left behind would pin overall_status
        }
    }

    /** healthy when every component is healthy, degraded when any is degraded or offline, empty when none is. */
    static void assertOverallStatusFollowsTheComponents(JsonPath dashboard) {
        List<String> statuses = dashboard.getList("components.status", String.class);
        String expected = statuses.isEmpty() ? "empty"
                : statuses.stream().allMatch("healthy"::equals) ? "healthy" : "degraded";
        org.junit.jupiter.api.Assertions.assertEquals(expected, dashboard.getString("overall_status"),
                "overall_status of components " + statuses);
    }

    @Test
    void healthIsUpWithEveryCheck() {
        given().get("/health").then().statusCode(200).body("status", is("UP"))
                .body("checks.kafka", is("UP")).body("checks.redis", is("UP")).body("checks.registry", is("UP"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static void assertThat(String actual, String expected) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
    }
}
