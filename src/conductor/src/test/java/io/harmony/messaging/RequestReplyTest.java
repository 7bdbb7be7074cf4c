package io.harmony.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.EmbeddedInfraResource;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaNames.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class RequestReplyTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String register(String component, int port) {
        return given().contentType(ContentType.JSON)
                .body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":" + port + "}")
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    static JsonPath request(String to, double timeout, int status) {
        return given().contentType(ContentType.JSON)
                .body("{\"from\":\"sherlock-hub\",\"to\":\"" + to + "\",\"request_type\":\"ping\",\"payload\":{\"q\":1},\"timeout_seconds\":" + timeout + "}")
                .post("/request").then().statusCode(status).extract().jsonPath();
    }

    /** An HTTP responder: long-polls for its instances' requests and answers each with its own id. */
    static final class HttpResponder implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        HttpResponder(String... instances) {
            for (String id : instances) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        JsonPath got = given().queryParam("component", id).queryParam("wait_seconds", 1)
                                .get("/requests/receive").then().statusCode(200).extract().jsonPath();
                        for (String rid : got.<String>getList("requests.request_id")) {
                            given().contentType(ContentType.JSON).body("{\"response\":\"pong from " + id + "\"}")
                                    .post("/requests/{id}/reply", rid).then().statusCode(200);
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        @Override
        public void close() {
            running.set(false);
        }
    }

    @Test
    void requestIsAnsweredByTheTargetOverHttp() {
        String component = "echo-" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(component, 9000);
        try (HttpResponder responder = new HttpResponder(id)) {
            JsonPath answer = request(component, 10, 200);
            assertEquals("ok", answer.getString("status"));
            assertEquals(id, answer.getString("responder"));
            assertEquals("pong from " + id, answer.getString("response"));
            org.junit.jupiter.api.Assertions.assertNotNull(answer.getString("request_id"));
            org.junit.jupiter.api.Assertions.assertTrue(answer.getDouble("latency_ms") >= 0);
        }
        given().contentType(ContentType.JSON).body("{\"response\":1}").post("/requests/{id}/reply", "no-such-request")
                .then().statusCode(404).body("error", notNullValue());
    }

    @Test
    void aResponderPollingByComponentNameReceivesRequestsRoutedToAnyOfItsInstances() {
        // The seed's request-response scenario, with a responder written from the seed's examples: it polls by name.
        String component = "named-" + UUID.randomUUID().toString().substring(0, 8);
        String a = register(component, 9501);
        String b = register(component, 9502);
        try (HttpResponder byName = new HttpResponder(component)) {
            Set<String> responders = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                given().contentType(ContentType.JSON).body("{\"component_id\":\"" + a + "\"}").post("/heartbeat");
                given().contentType(ContentType.JSON).body("{\"component_id\":\"" + b + "\"}").post("/heartbeat");
                JsonPath answer = request(component, 10, 200);
                assertEquals("pong from " + component, answer.getString("response"));
                responders.add(answer.getString("responder"));
            }
            assertEquals(Set.of(a, b), responders); // routed round robin to instances, received through the name
        }
    }

    @Test
    void aResponderPollingByInstanceIdReceivesOnlyWhatIsRoutedToIt() {
        String component = "byid-" + UUID.randomUUID().toString().substring(0, 8);
        String a = register(component, 9601);
        String b = register(component, 9602);
        try (HttpResponder onlyA = new HttpResponder(a)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                given().contentType(ContentType.JSON).body("{\"component_id\":\"" + a + "\"}").post("/heartbeat");
                given().contentType(ContentType.JSON).body("{\"component_id\":\"" + b + "\"}").post("/heartbeat");
                statuses.add(given().contentType(ContentType.JSON)
                        .body("{\"from\":\"t\",\"to\":\"" + component + "\",\"request_type\":\"ping\",\"timeout_seconds\":2}")
                        .post("/request").then().extract().statusCode());
            }
            // One of the two went to b, whom nobody polls: it times out instead of being taken by a's poller.
            assertEquals(Set.of(200, 504), new HashSet<>(statuses));
        }
    }

    @Test
    void requestIsAnsweredByATargetOnTheKafkaTopics() {
        String component = "kafka-echo-" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(component, 9100);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread target = new Thread(() -> {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "target-" + id);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c); KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                consumer.subscribe(List.of(Topics.REQUESTS));
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        if (!id.equals(r.key())) {
                            continue;
                        }
                        JsonNode req = Json.mapper().readTree(r.value());
                        String rid = req.get("request_id").asText();
                        producer.send(new ProducerRecord<>(Topics.REPLIES, rid,
                                "{\"request_id\":\"" + rid + "\",\"responder\":\"" + id + "\",\"response\":{\"echo\":" + req.get("payload") + "}}"));
                        producer.flush();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        target.setDaemon(true);
        target.start();
        try {
            JsonPath answer = request(component, 20, 200);
            assertEquals(id, answer.getString("responder"));
            assertEquals(1, answer.getInt("response.echo.q"));
        } finally {
            running.set(false);
        }
    }

    @Test
    void noReplyWithinTheTimeoutIsA504() {
        String component = "mute-" + UUID.randomUUID().toString().substring(0, 8);
        register(component, 9200);
        JsonPath answer = request(component, 1, 504);
        org.junit.jupiter.api.Assertions.assertNotNull(answer.getString("error"));
    }

    @Test
    void unknownTargetIs404AndNoHealthyInstanceIs503() {
        request("never-registered-" + UUID.randomUUID().toString().substring(0, 8), 1, 404);
        String component = "sick-" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(component, 9300);
        given().contentType(ContentType.JSON).body("{\"component_id\":\"" + id + "\",\"status\":\"unhealthy\"}").post("/heartbeat").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/services/{id}", id).then().body("status", is("degraded")));
        request(component, 1, 503);
    }

    @Test
    void roundRobinOverHealthyInstancesSkipsADegradedOne() {
        String component = "rr-" + UUID.randomUUID().toString().substring(0, 8);
        String a = register(component, 9401);
        String b = register(component, 9402);
        String sick = register(component, 9403);
        given().contentType(ContentType.JSON).body("{\"component_id\":\"" + sick + "\",\"status\":\"degraded\"}").post("/heartbeat").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/services/{id}", sick).then().body("status", is("degraded")));
        try (HttpResponder responder = new HttpResponder(a, b, sick)) {
            List<String> responders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // keep a and b healthy while the test runs (I = 0.5 s in tests)
                given().contentType(ContentType.JSON).body("{\"component_id\":\"" + a + "\"}").post("/heartbeat");
                given().contentType(ContentType.JSON).body("{\"component_id\":\"" + b + "\"}").post("/heartbeat");
                responders.add(request(component, 10, 200).getString("responder"));
            }
            assertEquals(Set.of(a, b), new HashSet<>(responders));
            for (int i = 1; i < responders.size(); i++) {
                org.junit.jupiter.api.Assertions.assertNotEquals(responders.get(i - 1), responders.get(i));
            }
        }
    }

    @Test
    void malformedRequestsAre400() {
        given().contentType(ContentType.JSON).body("{\"from\":\"a\",\"to\":\"b\",\"request_type\":\"ping\",\"timeout_seconds\":0}").post("/request").then().statusCode(400).body("field", is("timeout_seconds"));
        given().contentType(ContentType.JSON).body("{\"from\":\"a\",\"to\":\"b\",\"request_type\":\"ping\",\"timeout_seconds\":61}").post("/request").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"from\":\"a\",\"request_type\":\"ping\"}").post("/request").then().statusCode(400).body("field", is("to"));
        given().contentType(ContentType.JSON).body("{\"from\":\"a\",\"to\":\"b\",\"request_type\":\"ping\",\"timeout_seconds\":\"5\"}").post("/request").then().statusCode(400);
        given().get("/requests/receive").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"from\":\"a\",\"to\":\"b\",\"request_type\":\"ping\",\"payload\":1e400}").post("/request").then().statusCode(400).body("field", is("payload"));
        given().contentType(ContentType.JSON).body("{\"response\":[1e400]}").post("/requests/x/reply").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").post("/requests/x/reply").then().statusCode(400);
    }
}
