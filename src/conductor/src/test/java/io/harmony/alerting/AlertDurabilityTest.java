package io.harmony.alerting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.TopicSetup;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.embedded.EmbeddedInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Rules are durable: a rule that is on harmony.alerts before the conductor starts — as after a restart — is loaded
 * and evaluated, without anyone configuring it through this instance. Its own profile, so Quarkus starts after the
 * rule was written.
 */
@QuarkusTest
@TestProfile(AlertDurabilityTest.RuleWrittenBeforeStart.class)
class AlertDurabilityTest {
    static final String RULE = "durable-rule";

    public static class RuleWrittenBeforeStart implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WriteRuleFirst.class));
        }
    }

    public static class WriteRuleFirst implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Map<String, String> config = new HashMap<>(EmbeddedInfra.start(
                        new EmbeddedInfra.Plan(true, true, Files.createTempDirectory("harmony-test-"), false)));
                config.putAll(EmbeddedInfraResource.alertReceivers());
                String bootstrap = config.get("kafka.bootstrap.servers");
                Properties a = new Properties();
                a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                try (Admin admin = Admin.create(a)) {
                    TopicSetup.create(admin, 2, bootstrap);
                }
                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                    AlertRule rule = new AlertRule(RULE, "queue_depth >= 100", List.of(), List.of("log"), 0, false);
                    producer.send(new ProducerRecord<>(Topics.ALERTS, RULE, Json.mapper().writeValueAsBytes(rule))).get();
                }
                return config;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void aRuleOnTheTopicBeforeStartIsLoadedAndEvaluated() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/alerts").then().statusCode(200)
                .body("alerts.alert_name", hasItem(RULE)));
        String id = given().contentType("application/json").body("{\"component\":\"durable-probe\",\"version\":\"1\",\"port\":7401}")
                .post("/register").then().statusCode(201).extract().path("component_id");
        given().contentType("application/json").body(("{\"component_id\":\"" + id + "\",\"metrics\":{\"queue_depth\":150}}")
                .getBytes(StandardCharsets.UTF_8)).post("/heartbeat").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/alerts/active").then()
                .body("alerts.find { it.alert_name == '" + RULE + "' }.component_id", is(id)));
    }
}
