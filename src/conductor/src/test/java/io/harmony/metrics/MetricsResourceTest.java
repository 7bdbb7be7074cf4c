package io.harmony.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Heartbeat metrics become a queryable history through the real broker and the Streams topology. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class MetricsResourceTest {
    static final Duration BOUND = Duration.ofSeconds(15);

    static String register(String component) {
        return given().contentType(ContentType.JSON)
                .body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":" + (7200 + (int) (Math.random() * 700)) + "}")
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    static void beat(String id, String metrics) {
        given().contentType(ContentType.JSON).body("{\"component_id\":\"" + id + "\",\"status\":\"healthy\",\"metrics\":" + metrics + "}")
                .post("/heartbeat").then().statusCode(200);
    }

    static List<Map<String, Object>> points(String id, String query) {
        return given().get("/metrics/" + id + query).then().log().ifValidationFails().statusCode(200).body("component_id", is(id)).extract().path("points");
    }

    @Test
    void pointsComeBackInTimeOrderWithPerMinuteRatesAcrossACounterReset() {
        String id = register("metrics-" + UUID.randomUUID().toString().substring(0, 6));
        beat(id, "{\"requests_total\":100,\"errors\":5,\"cpu\":0.5}");
        await().atMost(BOUND).until(() -> points(id, "").size() == 1);
        beat(id, "{\"requests_total\":160,\"errors\":8,\"cpu\":0.7}");
        await().atMost(BOUND).until(() -> points(id, "").size() == 2);
        beat(id, "{\"requests_total\":10,\"errors\":1,\"cpu\":0.6,\"requests_per_minute\":99}"); // the component restarted
        await().atMost(BOUND).until(() -> points(id, "").size() == 3);

        JsonPath body = given().get("/metrics/" + id).then().extract().jsonPath();
        List<String> times = body.getList("points.timestamp");
        assertEquals(times.stream().sorted().toList(), times, "time order");
        Map<String, Float> first = body.getMap("points[0].metrics");
        Map<String, Float> second = body.getMap("points[1].metrics");
        Map<String, Float> third = body.getMap("points[2].metrics");
        assertTrue(!first.containsKey("errors_per_minute"), "no rate before a second point");
        assertTrue(second.get("errors_per_minute") > 0, second.toString());
        assertTrue(second.get("requests_per_minute") > second.get("errors_per_minute"), second.toString());
        assertTrue(!second.containsKey("cpu_per_minute"), "cpu is no counter");
        // after the reset the increase is the new value, never negative
        assertTrue(third.get("errors_per_minute") > 0, third.toString());
        assertEquals(99f, third.get("requests_per_minute"), "a rate the component reports itself wins");
        assertEquals(0.6f, third.get("cpu"));

        // a window that ends before the first beat holds nothing
        String before = Instant.parse(times.get(0)).minusSeconds(60).toString();
        assertEquals(0, points(id, "?end=" + before).size());
        given().get("/metrics").then().statusCode(200).body("components.component_id", hasItem(id));
    }

    @Test
    void oneMinuteRollupsCarryMinMaxAvgLast() {
        String id = register("rollup-" + UUID.randomUUID().toString().substring(0, 6));
        for (int v : new int[] { 10, 30, 20 }) {
            beat(id, "{\"queue_depth\":" + v + "}");
        }
        await().atMost(BOUND).until(() -> points(id, "").size() == 3);
        String start = Instant.now().minusSeconds(180).toString();
        await().atMost(BOUND).untilAsserted(() -> {
            // the three beats fall in one or two minutes
            List<Map<String, Object>> rollups = points(id, "?resolution=1m&start=" + start);
            double count = rollups.stream().mapToDouble(p -> ((Number) p.get("count")).doubleValue()).sum();
            assertEquals(3.0, count);
            assertEquals("1m", rollups.get(0).get("resolution"));
            double min = rollups.stream().mapToDouble(p -> ((Number) ((Map<?, ?>) p.get("min")).get("queue_depth")).doubleValue()).min().orElseThrow();
            double max = rollups.stream().mapToDouble(p -> ((Number) ((Map<?, ?>) p.get("max")).get("queue_depth")).doubleValue()).max().orElseThrow();
            assertEquals(10.0, min);
            assertEquals(30.0, max);
            Map<?, ?> lastMinute = (Map<?, ?>) rollups.get(rollups.size() - 1).get("last");
            assertEquals(20.0, ((Number) lastMinute.get("queue_depth")).doubleValue());
            if (rollups.size() == 1) {
                assertEquals(20.0, ((Number) ((Map<?, ?>) rollups.get(0).get("metrics")).get("queue_depth")).doubleValue(), "avg");
            }
        });
    }

    @Test
    void badTimesAndUnknownComponentsAreRefused() {
        given().get("/metrics/nobody-999").then().statusCode(404);
        String id = register("times-" + UUID.randomUUID().toString().substring(0, 6));
        given().queryParam("start", "yesterday").get("/metrics/" + id).then().statusCode(400).body("field", is("start"));
        given().queryParam("end", "2026-13-01T00:00:00Z").get("/metrics").then().statusCode(400).body("field", is("end"));
        given().queryParam("start", "2026-11-27T12:00:00Z").queryParam("end", "2026-11-27T11:00:00Z").get("/metrics/" + id)
                .then().statusCode(400).body("field", is("start"));
        given().queryParam("resolution", "5s").get("/metrics/" + id).then().statusCode(400).body("field", is("resolution"));
        given().queryParam("start", "2026-11-27T12:00:00+01:00").get("/metrics/" + id).then().statusCode(200);
    }

    @Test
    void prometheusShowsComponentGaugesAndConductorMeters() {
        String component = "prom-" + UUID.randomUUID().toString().substring(0, 6);
        String id = register(component);
        beat(id, "{\"entities_count\":1234}");
        await().atMost(BOUND).untilAsserted(() -> {
            String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(text.contains("harmony_component_entities_count{component=\"" + component + "\",component_id=\"" + id + "\"} 1234.0"),
                    "gauge missing");
            assertTrue(text.contains("harmony_heartbeats_received_total"), "heartbeat counter missing");
            assertTrue(text.contains("harmony_sse_subscribers"), "SSE gauge missing");
            assertTrue(text.contains("harmony_queue_depth"), "queue depth missing");
            assertTrue(text.contains("harmony_transitions_total{event=\"component-registered\"}"), "transitions missing");
        });
        given().delete("/services/" + id).then().statusCode(204);
        await().atMost(BOUND).untilAsserted(() -> assertTrue(
                !given().get("/q/metrics").then().extract().asString().contains("component_id=\"" + id + "\""),
                "gauge not removed after deregistration"));
    }
}
