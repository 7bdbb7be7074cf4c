package io.harmony.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.harmony.embedded.EmbeddedRedis;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.kafka.TopicSetup;

/**
 * A conductor on a three-broker KRaft cluster whose brokers default to one replica: every topic it creates, Streams'
 * changelogs included, has three replicas and min.insync.replicas 2, and stopping the broker that leads a queue's
 * partition while messages are sent loses none that was acknowledged (202).
 */
class ReplicatedKafkaIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static KafkaTrio kafka;
    static EmbeddedRedis redis;
    static ConductorProcess conductor;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("harmony-rf-it-");
        kafka = new KafkaTrio(root.resolve("kafka"));
        redis = EmbeddedRedis.start(root.resolve("redis"), 0, false);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        conductor = new ConductorProcess("solo", Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "quarkus.redis.hosts", redis.url()),
                root, Map.of("HARMONY_HEARTBEAT_INTERVAL", "1", "HARMONY_KAFKA_PARTITIONS", "3")).start();
    }

    @AfterAll
    static void stop() {
        if (conductor != null) {
            conductor.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void everyTopicIsReplicatedAndAStoppedBrokerLosesNothingAcknowledged() throws Exception {
        List<String> planned = TopicSetup.plan(3, TopicSetup.Replication.of(java.util.OptionalInt.empty(), java.util.OptionalInt.empty(), 3))
                .stream().map(NewTopic::name).toList();
        Map<String, TopicDescription> topics = admin.describeTopics(planned).allTopicNames().get();
        for (TopicDescription topic : topics.values()) {
            topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), topic.name() + " partition " + p.partition()));
        }
        var configs = admin.describeConfigs(planned.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get();
        configs.forEach((resource, config) -> assertEquals("2", config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value(), resource.name()));
        // Nothing Streams created on its own (with the brokers' default of one replica).
        Set<String> internal = new TreeSet<>(admin.listTopics().names().get());
        internal.removeIf(t -> !t.startsWith("harmony-liveness-"));
        assertTrue(planned.containsAll(internal), "unplanned internal topics: " + internal);

        String sink = "sink-" + UUID.randomUUID().toString().substring(0, 8);
        int partition = BuiltInPartitioner.partitionForKey(sink.getBytes(StandardCharsets.UTF_8), 3);
        int leader = admin.describeTopics(List.of(Topics.MESSAGES)).allTopicNames().get().get(Topics.MESSAGES)
                .partitions().get(partition).leader().id();

        Set<Integer> acknowledged = new ConcurrentSkipListSet<>();
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            if (i == 50) {
                kafka.stop(leader - 1); // the broker that leads the queue's partition, mid-stream
            }
            HttpResponse<String> sent = ClientAgainstConductorsIT.call("POST", conductor.uri(), "/queue/send",
                    "{\"from\":\"it\",\"to\":\"" + sink + "\",\"message_type\":\"n\",\"payload\":" + i + "}");
            if (sent.statusCode() == 202) {
                acknowledged.add(i);
            } else {
                assertEquals(503, sent.statusCode(), sent.body()); // not acknowledged: the sender knows to retry
                refused++;
            }
        }
        assertTrue(acknowledged.size() >= 100, "acknowledged " + acknowledged.size() + ", refused " + refused);

        Set<Integer> received = new TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode batch = JSON.readTree(ClientAgainstConductorsIT.call("GET", conductor.uri(),
                    "/queue/receive?component=" + sink + "&max=100&wait_seconds=1", null).body());
            batch.path("messages").forEach(m -> received.add(m.path("payload").asInt()));
            assertTrue(received.containsAll(acknowledged), "missing " + difference(acknowledged, received));
        });
        System.out.printf("replicated Kafka: broker %d stopped after 50 sends; %d acknowledged, %d refused (503), all %d received%n",
                leader, acknowledged.size(), refused, acknowledged.size());
        // The conductor still serves: its Streams tasks and topics moved to the two brokers left.
        assertEquals(200, ClientAgainstConductorsIT.call("GET", conductor.uri(), "/q/health/ready", null).statusCode());
        assertEquals(201, ClientAgainstConductorsIT.call("POST", conductor.uri(), "/register",
                "{\"component\":\"" + sink + "\",\"version\":\"1\",\"port\":1}").statusCode());
    }

    private static Set<Integer> difference(Set<Integer> a, Set<Integer> b) {
        Set<Integer> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
