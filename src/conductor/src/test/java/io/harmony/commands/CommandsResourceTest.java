package io.harmony.commands;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.EmbeddedInfraResource;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.liveness.EventsConsumer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class CommandsResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String register() {
        return given().contentType(ContentType.JSON)
                .body("{\"component\":\"cmd-" + UUID.randomUUID() + "\",\"version\":\"1\",\"port\":7000}")
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    static String issue(String id, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/services/{id}/commands", id)
                .then().statusCode(202).body("command_id", notNullValue()).extract().path("command_id");
    }

    static JsonPath beat(String id, String results) {
        return given().contentType(ContentType.JSON)
                .body("{\"component_id\":\"" + id + "\",\"status\":\"healthy\"" + (results == null ? "" : ",\"command_results\":" + results) + "}")
                .post("/heartbeat").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void issuedCommandIsHandedOutByEveryAckUntilAResultIsReported() {
        String id = register();
        String first = issue(id, "{\"command\":\"reload-config\",\"args\":{\"path\":\"/etc/app.yml\"}}");
        String second = issue(id, "{\"command\":\"flush-cache\"}");

        // Oldest first, on every ack until reported: a lost ack loses nothing.
        for (int i = 0; i < 2; i++) {
            JsonPath ack = beat(id, null);
            assertEquals(List.of(first, second), ack.getList("commands.command_id"));
            assertEquals("reload-config", ack.getString("commands[0].command"));
            assertEquals("/etc/app.yml", ack.getString("commands[0].args.path"));
            assertNotNull(ack.getString("commands[0].issued_at"));
        }
        given().get("/services/{id}/commands", id).then().statusCode(200)
                .body("pending.command_id", is(List.of(first, second))).body("results", empty());

        // The beat that reports the first no longer carries it, nor does any later one.
        JsonPath ack = beat(id, "[{\"command_id\":\"" + first + "\",\"status\":\"done\",\"detail\":\"reloaded\"}]");
        assertEquals(List.of(second), ack.getList("commands.command_id"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/services/{id}/commands", id).then()
                .body("pending.command_id", is(List.of(second)))
                .body("results", hasSize(1))
                .body("results[0].command_id", is(first))
                .body("results[0].status", is("done"))
                .body("results[0].detail", is("reloaded"))
                .body("results[0].completed_at", notNullValue()));
        assertEquals(List.of(second), beat(id, null).getList("commands.command_id"));

        beat(id, "[{\"command_id\":\"" + second + "\",\"status\":\"failed\",\"detail\":\"no handler\"}]");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/services/{id}/commands", id).then()
                .body("pending", empty())
                .body("results.command_id", is(List.of(second, first)))     // newest first
                .body("results[0].status", is("failed")));
        assertEquals(List.of(), beat(id, null).getList("commands"));
    }

    @Test
    void outcomesAreEventsAndAResultForAnUnknownCommandIsIgnored() {
        String id = register();
        String done = issue(id, "{\"command\":\"rotate-logs\"}");
        String failed = issue(id, "{\"command\":\"compact\"}");
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS)) {
            beat(id, "[{\"command_id\":\"" + done + "\",\"status\":\"done\"},"
                    + "{\"command_id\":\"" + failed + "\",\"status\":\"failed\",\"detail\":\"disk full\"},"
                    + "{\"command_id\":\"no-such-command\",\"status\":\"done\"}]");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.first(id, "command-failed") != null
                    && events.first(id, "command-completed") != null);
            JsonNode completed = EventsConsumer.json(events.first(id, "command-completed")).path("data");
            assertEquals(done, completed.path("command_id").asText());
            assertEquals("rotate-logs", completed.path("command").asText());
            JsonNode fail = EventsConsumer.json(events.first(id, "command-failed")).path("data");
            assertEquals("disk full", fail.path("detail").asText());
            // Reporting the same outcome again (a lost ack) raises no second event.
            beat(id, "[{\"command_id\":\"" + done + "\",\"status\":\"done\"}]");
            String marker = issue(id, "{\"command\":\"marker\"}");
            beat(id, "[{\"command_id\":\"" + marker + "\",\"status\":\"done\"}]");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.poll(id).stream()
                    .anyMatch(r -> marker.equals(EventsConsumer.json(r).path("data").path("command_id").asText())));
            List<ConsumerRecord<String, String>> all = events.poll(id);
            assertEquals(1, all.stream().filter(r -> done.equals(EventsConsumer.json(r).path("data").path("command_id").asText())).count());
        }
        given().get("/services/{id}/commands", id).then().body("results.command_id", hasSize(3));
    }

    @Test
    void deregisteringDropsTheInstancesCommands() {
        String id = register();
        issue(id, "{\"command\":\"restart\"}");
        given().delete("/services/{id}", id).then().statusCode(204);
        given().get("/services/{id}/commands", id).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"command\":\"restart\"}").post("/services/{id}/commands", id)
                .then().statusCode(404).body("field", is("component_id"));
        // Registering again gives a clean slate: the dropped command is not handed out.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String again = given().contentType(ContentType.JSON)
                    .body("{\"component\":\"" + id.substring(0, id.lastIndexOf('-')) + "\",\"version\":\"1\",\"port\":7000}")
                    .post("/register").then().statusCode(201).extract().path("component_id");
            assertEquals(List.of(), beat(again, null).getList("commands"));
        });
    }

    @Test
    void badCommandsAndResultsAre400AndChangeNothing() {
        String id = register();
        for (String body : List.of("{}", "{\"command\":\"\"}", "{\"command\":12}", "{\"command\":\"x\",\"args\":1e400}", "[1]")) {
            given().contentType(ContentType.JSON).body(body).post("/services/{id}/commands", id)
                    .then().statusCode(400).body("error", notNullValue());
        }
        for (String results : List.of("[{\"command_id\":\"a\",\"status\":\"pending\"}]", "[{\"status\":\"done\"}]",
                "[{\"command_id\":\"a\",\"status\":\"maybe\"}]", "{\"command_id\":\"a\"}", "[null]")) {
            given().contentType(ContentType.JSON)
                    .body("{\"component_id\":\"" + id + "\",\"command_results\":" + results + "}")
                    .post("/heartbeat").then().statusCode(400).body("field", notNullValue());
        }
        given().get("/services/{id}/commands", id).then().statusCode(200).body("pending", empty()).body("results", empty());
        given().get("/services/{id}/commands", "never-registered-001").then().statusCode(404);
    }
}
