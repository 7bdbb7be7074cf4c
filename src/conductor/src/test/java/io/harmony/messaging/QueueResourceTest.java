package io.harmony.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.harmony.EmbeddedInfraResource;
import io.harmony.kafka.KafkaNames.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class QueueResourceTest {

    static String recipient() {
        return "sync-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String send(String to, int n) {
        return given().contentType(ContentType.JSON)
                .body("{\"from\":\"sherlock-hub\",\"to\":\"" + to + "\",\"message_type\":\"sync-request\",\"payload\":{\"n\":" + n + "}}")
                .post("/queue/send").then().statusCode(202).body("status", is("queued")).extract().path("message_id");
    }

    @Test
    void messagesComeOutInSendOrderAndOnlyOnce() {
        String to = recipient();
        List<String> ids = List.of(send(to, 1), send(to, 2), send(to, 3), send(to, 4), send(to, 5));
        given().queryParam("component", to).queryParam("max", 2).get("/queue/receive").then().statusCode(200)
                .body("messages.message_id", contains(ids.get(0), ids.get(1)))
                .body("messages[0].from", is("sherlock-hub"))
                .body("messages[0].to", is(to))
                .body("messages[0].message_type", is("sync-request"))
                .body("messages[0].payload.n", is(1))
                .body("messages[0].sent_at", notNullValue());
        given().queryParam("component", to).get("/queue/receive").then()
                .body("messages.message_id", contains(ids.get(2), ids.get(3), ids.get(4)));
        given().queryParam("component", to).get("/queue/receive").then().body("messages", hasSize(0));
    }

    /** Any Kafka client may produce to harmony.messages; what is not JSON is skipped, the rest is delivered as sent. */
    @Test
    void recordsFromAPlainProducerAreDeliveredAndUndecodableOnesSkipped() throws Exception {
        String to = recipient();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.MESSAGES, to, "{\"message_id\":\"direct-1\",\"payload\":[1,2]}")).get();
            producer.send(new ProducerRecord<>(Topics.MESSAGES, to, "not json {")).get();
            producer.send(new ProducerRecord<>(Topics.MESSAGES, to, "{\"a\":1} trailing")).get();
        }
        String sent = send(to, 7); // after the 202 it is receivable, so the three before it are indexed too
        given().queryParam("component", to).get("/queue/receive").then().statusCode(200)
                .body("messages.message_id", contains("direct-1", sent))
                .body("messages[0].payload", contains(1, 2));
    }

    @Test
    void batchSendAnswersIdsInOrder() {
        String to = recipient();
        List<String> ids = given().contentType(ContentType.JSON).body("{\"messages\":["
                + "{\"from\":\"a\",\"to\":\"" + to + "\",\"message_type\":\"t\",\"payload\":1},"
                + "{\"from\":\"a\",\"to\":\"" + to + "\",\"message_type\":\"t\",\"payload\":2}]}")
                .post("/queue/send").then().statusCode(202).body("status", is("queued")).extract().path("message_ids");
        assertEquals(2, ids.size());
        given().queryParam("component", to).get("/queue/receive").then().body("messages.message_id", contains(ids.toArray()));
    }

    @Test
    void longPollWakesUpWhenAMessageArrives() throws Exception {
        String to = recipient();
        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(() -> given().queryParam("component", to)
                .queryParam("wait_seconds", 20).get("/queue/receive").then().statusCode(200).extract().jsonPath());
        // the receive is parked in the conductor (not answered) while nothing is queued
        await(Duration.ofMillis(500), waiting);
        long sentAt = System.nanoTime();
        String id = send(to, 1);
        JsonPath answer = waiting.get(10, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - sentAt) / 1_000_000;
        System.out.printf("long-poll answered %d ms after the send started%n", ms);
        assertEquals(List.of(id), answer.getList("messages.message_id"));
        assertTrue(ms < 5000, "long-poll took " + ms + " ms");
    }

    @Test
    void emptyQueueWithWaitAnswersEmptyAfterTheWait() {
        long t = System.nanoTime();
        given().queryParam("component", recipient()).queryParam("wait_seconds", 1).get("/queue/receive")
                .then().statusCode(200).body("messages", hasSize(0));
        assertTrue((System.nanoTime() - t) / 1_000_000 >= 900);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"from\":\"a\",\"to\":\"%s\",\"message_type\":5}",
            "{\"from\":\"a\",\"message_type\":\"t\"}",
            "{\"from\":\"a\",\"to\":\"%s x\",\"message_type\":\"t\"}",
            "{\"messages\":[{\"from\":\"a\",\"to\":\"%s\",\"message_type\":\"t\"},{\"from\":1,\"to\":\"%s\",\"message_type\":\"t\"}]}",
            "{\"messages\":[]}",
            "{\"from\":\"a\",\"to\":\"%s\",\"message_type\":\"t\",\"payload\":{\"x\":[1e400]}}",
            "[1,2]",
            "{\"from\":\"a\",\"to\":\"%s\",\"message_type\":\"t\""})
    void malformedSendIsA400AndQueuesNothing(String template) {
        String to = recipient();
        given().contentType(ContentType.JSON).body(template.replace("%s", to)).post("/queue/send")
                .then().statusCode(400).body("error", notNullValue());
        given().queryParam("component", to).get("/queue/receive").then().body("messages", hasSize(0));
    }

    @Test
    void badReceiveParametersAre400() {
        given().queryParam("component", "a").queryParam("max", 0).get("/queue/receive").then().statusCode(400).body("field", is("max"));
        given().queryParam("component", "a").queryParam("max", "x").get("/queue/receive").then().statusCode(400);
        given().queryParam("component", "a").queryParam("wait_seconds", -1).get("/queue/receive").then().statusCode(400);
        given().get("/queue/receive").then().statusCode(400).body("field", is("component"));
        given().queryParam("component", "a").queryParam("max", 5000).get("/queue/receive").then().statusCode(200);
    }

    /** Asserts the future is still pending after {@code d}: a condition checked with Awaitility's during(). */
    private static void await(Duration d, CompletableFuture<?> pending) {
        org.awaitility.Awaitility.await().during(d).atMost(d.plusSeconds(2)).until(() -> !pending.isDone());
    }
}
