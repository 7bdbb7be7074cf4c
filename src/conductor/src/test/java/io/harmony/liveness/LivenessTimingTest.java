package io.harmony.liveness;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.harmony.kafka.KafkaNames.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** With I = 0.5 s, M = 3, G = 3 s (application.properties, %test): transitions on time, read from harmony.events. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class LivenessTimingTest {
    static final long SILENCE_MS = 1500; // M x I
    static final long GRACE_MS = 3000;
    /**
     * CONTRACT.md: "Each transition is detected within 1 s of its deadline". The one timing bound the tests hold
     * exactly: a looser one would pass a sweeper that is late by more than the contract allows.
     */
    static final long TOLERANCE_MS = 1000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String register(String component) {
        return given().contentType(ContentType.JSON)
                .body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":7000}")
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    static Instant lastHeartbeat(String id) {
        return Instant.parse(given().get("/services/{id}", id).then().statusCode(200).extract().path("last_heartbeat"));
    }

    @Test
    void silentComponentDegradesThenGoesOfflineOnTimeAndRecoversOnItsNextBeat() {
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS)) {
            // Given a registered component that never beats
            String id = register("silent-" + UUID.randomUUID().toString().substring(0, 8));
            Instant lastBeat = lastHeartbeat(id);

            // Then it is degraded M x I after its last beat, not before, and within 1 s of that deadline
            ConsumerRecord<String, String> degraded = await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.first(id, "component-degraded"), r -> r != null);
            long degradedDelay = Instant.parse(EventsConsumer.json(degraded).path("timestamp").asText()).toEpochMilli() - lastBeat.toEpochMilli();
            System.out.printf("degraded %d ms after the last beat (deadline %d ms)%n", degradedDelay, SILENCE_MS);
            assertTrue(degradedDelay >= SILENCE_MS && degradedDelay <= SILENCE_MS + TOLERANCE_MS, "degraded after " + degradedDelay + " ms");
            given().get("/services/{id}", id).then().body("status", is("degraded"));

            // And offline G after the degrade deadline, within 1 s of its own deadline
            ConsumerRecord<String, String> offline = await().atMost(Duration.ofSeconds(15))
                    .until(() -> events.first(id, "component-offline"), r -> r != null);
            long offlineDelay = Instant.parse(EventsConsumer.json(offline).path("timestamp").asText()).toEpochMilli() - lastBeat.toEpochMilli();
            System.out.printf("offline %d ms after the last beat (deadline %d ms)%n", offlineDelay, SILENCE_MS + GRACE_MS);
            assertTrue(offlineDelay >= SILENCE_MS + GRACE_MS && offlineDelay <= SILENCE_MS + GRACE_MS + TOLERANCE_MS,
                    "offline after " + offlineDelay + " ms");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    given().queryParam("status", "offline").get("/services").then().body("services.component_id.contains('" + id + "')", is(true)));

            // When it beats again, it is healthy at once
            given().contentType(ContentType.JSON).body("{\"component_id\":\"" + id + "\",\"status\":\"healthy\"}")
                    .post("/heartbeat").then().statusCode(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.first(id, "component-recovered"), r -> r != null);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/services/{id}", id).then().body("status", is("healthy")));
            org.junit.jupiter.api.Assertions.assertNotNull(events.first(id, "component-registered"));
        }
    }

    @Test
    void heartbeatProducedStraightToKafkaCountsLikeOneOverRest() {
        try (EventsConsumer events = new EventsConsumer(bootstrap, Topics.EVENTS);
                KafkaProducer<String, String> producer = producer()) {
            String id = register("direct-" + UUID.randomUUID().toString().substring(0, 8));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.first(id, "component-degraded"), r -> r != null);

            // When any Kafka client produces the contract's JSON to harmony.heartbeats
            producer.send(new ProducerRecord<>(Topics.HEARTBEATS, id,
                    "{\"component_id\":\"" + id + "\",\"status\":\"healthy\",\"metrics\":{\"queue_depth\":7}}"));
            producer.flush();

            // Then the component recovers and its metrics show, exactly as over REST
            await().atMost(Duration.ofSeconds(5)).until(() -> events.first(id, "component-recovered"), r -> r != null);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/dashboard").then()
                    .body("components.find { it.component_id == '" + id + "' }.queue_depth", is(7.0f))
                    .body("components.find { it.component_id == '" + id + "' }.status", is("healthy")));
        }
    }

    @Test
    void componentReportingDegradedShowsDegradedWhileItBeats() {
        String id = register("sick-" + UUID.randomUUID().toString().substring(0, 8));
        given().contentType(ContentType.JSON).body("{\"component_id\":\"" + id + "\",\"status\":\"unhealthy\"}")
                .post("/heartbeat").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/services/{id}", id).then().body("status", is("degraded")));
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
