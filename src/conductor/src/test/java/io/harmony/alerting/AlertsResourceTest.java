package io.harmony.alerting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.AlertReceivers;
import io.harmony.EmbeddedInfraResource;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.liveness.EventsConsumer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Alert rules end to end on the real broker: pending → firing → resolved, events on harmony.events, deliveries to a
 * real HTTP receiver (webhook and Slack) and a real SMTP server (GreenMail), the built-in degraded rule, bad input.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class AlertsResourceTest {
    static final Duration BOUND = Duration.ofSeconds(20);
    /** The pending phase of the pending → firing test: long enough for a 50 ms poll of /alerts to see it. */
    static final int FOR_SECONDS = 2;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String register(String component) {
        return given().contentType(ContentType.JSON).body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":7301}")
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    static void beat(String id, String metrics) {
        given().contentType(ContentType.JSON).body("{\"component_id\":\"" + id + "\",\"metrics\":" + metrics + "}")
                .post("/heartbeat").then().statusCode(200);
    }

    static List<JsonNode> alertEvents(EventsConsumer events, String id, String alertName) {
        return events.poll(id).stream().map(EventsConsumer::json)
                .filter(e -> e.path("event").asText().startsWith("alert-"))
                .filter(e -> alertName.equals(e.path("data").path("alert_name").asText())).toList();
    }

    @Test
    void theSeedsRuleIsAcceptedOnAFreshConductor() {
        given().contentType(ContentType.JSON).body("""
                {"alert_name": "high-error-rate", "condition": "errors_per_minute > 5",
                 "components": ["sherlock-hub", "echo-git-sync"], "notification_channels": ["email", "slack"]}""")
                .post("/alerts/configure").then().statusCode(201).body("alert_name", is("high-error-rate"));
        given().get("/alerts").then().statusCode(200).body("alerts.alert_name", hasItem("high-error-rate"))
                .body("alerts.find { it.alert_name == 'high-error-rate' }.state", is("ok"))
                .body("alerts.find { it.alert_name == 'component-degraded' }.built_in", is(true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "errors_per_minute 5|condition|position",
            "errors_per_minute > |condition|position",
            "status > offline|condition|position",
            "''|condition|",
    })
    void badConditionsAre400WithThePosition(String condition, String field, String mention) {
        var response = given().contentType(ContentType.JSON)
                .body("{\"alert_name\":\"bad-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"condition\":\"" + condition + "\"}")
                .post("/alerts/configure").then().statusCode(400).body("field", is(field));
        if (mention != null) {
            response.body("error", containsString(mention));
        }
    }

    @Test
    void unknownChannelsAndBadBodiesAre400AndUnknownRulesAre404() {
        given().contentType(ContentType.JSON).body("{\"alert_name\":\"x\",\"condition\":\"a > 1\",\"notification_channels\":[\"pager\"]}")
                .post("/alerts/configure").then().statusCode(400).body("field", is("notification_channels[0]"));
        given().contentType(ContentType.JSON).body("{\"alert_name\":\"x\",\"condition\":\"a > 1\",\"for_seconds\":-1}")
                .post("/alerts/configure").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"condition\":\"a > 1\"}").post("/alerts/configure").then().statusCode(400);
        given().delete("/alerts/never-configured").then().statusCode(404).body("field", is("alert_name"));
    }

    @Test
    void pendingThenFiringThenResolvedReachesEveryChannel() {
        String component = "alerting-" + UUID.randomUUID().toString().substring(0, 6);
        String rule = "errors-" + component;
        given().contentType(ContentType.JSON).body("{\"alert_name\":\"" + rule + "\",\"condition\":\"errors_per_minute > 5\","
                + "\"components\":[\"" + component + "\"],\"notification_channels\":[\"webhook\",\"slack\",\"email\",\"log\"],"
                + "\"for_seconds\":" + FOR_SECONDS + "}").post("/alerts/configure").then().statusCode(201);
        String id = register(component);
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS)) {
            beat(id, "{\"errors\":0}");
            beat(id, "{\"errors\":50}"); // 50 errors within a second: thousands per minute
            // Every state /alerts shows for the rule until it fires, each change once. Polled every 50 ms: the pending
            // state lasts for_seconds (2 s) at least, so it cannot slip between two polls.
            List<String> states = new java.util.ArrayList<>();
            await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
                String state = given().get("/alerts").then().statusCode(200).extract().jsonPath()
                        .getString("alerts.find { it.alert_name == '" + rule + "' }.state");
                if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                    states.add(state);
                }
                return "firing".equals(state);
            });
            // ok until the rate is computed, then pending for for_seconds, then firing; never straight to firing
            assertEquals(List.of("pending", "firing"), states.stream().dropWhile("ok"::equals).toList(), "states seen: " + states);
            given().get("/alerts/active").then().body("alerts.find { it.alert_name == '" + rule + "' }.component_id", is(id));
            await().atMost(BOUND).until(() -> !alertEvents(events, id, rule).isEmpty());
            JsonNode firing = alertEvents(events, id, rule).get(0);
            assertEquals("alert-firing", firing.path("event").asText());
            assertTrue(firing.path("data").path("value").asDouble() > 5);
            // It fired no sooner than for_seconds after it became pending (data.since is when the condition first held).
            long pendingMs = Duration.between(Instant.parse(firing.path("data").path("since").asText()),
                    Instant.parse(firing.path("timestamp").asText())).toMillis();
            assertTrue(pendingMs >= FOR_SECONDS * 1000, "fired " + pendingMs + " ms after it became pending");

            await().atMost(BOUND).until(() -> AlertReceivers.bodies("/webhook").stream().anyMatch(b -> b.contains(rule) && b.contains("alert-firing")));
            await().atMost(BOUND).until(() -> AlertReceivers.bodies("/slack").stream().anyMatch(b -> b.contains(rule) && b.contains("\"text\"")));
            await().atMost(BOUND).until(() -> MailCapture.subjects().stream().anyMatch(s -> s.contains(rule)));

            beat(id, "{\"errors\":50}"); // no new errors: the rate drops to 0
            await().atMost(BOUND).until(() -> alertEvents(events, id, rule).stream().anyMatch(e -> e.path("event").asText().equals("alert-resolved")));
            assertEquals(1, alertEvents(events, id, rule).stream().filter(e -> e.path("event").asText().equals("alert-firing")).count(),
                    "fired once");
            await().atMost(BOUND).until(() -> AlertReceivers.bodies("/webhook").stream().anyMatch(b -> b.contains(rule) && b.contains("alert-resolved")));
            await().atMost(BOUND).until(() -> AlertReceivers.bodies("/slack").stream().anyMatch(b -> b.contains(rule + " resolved")));
            await().atMost(BOUND).until(() -> MailCapture.subjects().stream().anyMatch(s -> s.startsWith("[harmony] RESOLVED " + rule)));
            given().get("/alerts/active").then().body("alerts.alert_name", org.hamcrest.Matchers.not(hasItem(rule)));
        }
        given().delete("/alerts/" + rule).then().statusCode(204);
        given().get("/alerts").then().body("alerts.alert_name", org.hamcrest.Matchers.not(hasItem(rule)));
    }

    @Test
    void builtInRuleFiresWhenAComponentGoesDegraded() {
        String id = register("silent-" + UUID.randomUUID().toString().substring(0, 6));
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS)) {
            beat(id, "{\"errors\":0}");
            // no more beats: degraded after 3 × 0.5 s in the test profile
            await().atMost(BOUND).until(() -> alertEvents(events, id, "component-degraded").stream()
                    .anyMatch(e -> e.path("event").asText().equals("alert-firing")));
            beat(id, "{\"errors\":0}"); // recovered
            await().atMost(BOUND).until(() -> alertEvents(events, id, "component-degraded").stream()
                    .anyMatch(e -> e.path("event").asText().equals("alert-resolved")));
        }
    }
}
