package io.harmony.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.harmony.HarmonyConfigs;
import io.harmony.config.Endpoints;
import io.harmony.config.HarmonyConfig;
import io.harmony.embedded.EmbeddedKafka;
import io.harmony.errors.DependencyUnavailableException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;

/**
 * The conductor's producers with their broker gone. Writes are made on event loops, so a write must never wait there
 * for the broker: it is queued at once and fails after the delivery timeout (a 503 for the caller). Its own broker,
 * stopped half-way, so the application under the other tests keeps its own.
 */
class KafkaClientsOutageTest {
    // max-block as the conductor's default, which a write that waited for metadata would sit out on its thread
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);
    static final Duration DELIVERY = Duration.ofSeconds(2);

    @Test
    void withTheBrokerGoneEveryTopicsWriteReturnsAtOnceAndFailsAfterTheDeliveryTimeout() throws Exception {
        Path dir = Files.createTempDirectory("kafka-outage-");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 0);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("harmony.kafka.max-block", MAX_BLOCK.toMillis() + "ms");
        settings.put("harmony.kafka.delivery-timeout", DELIVERY.toMillis() + "ms");
        SmallRyeConfig config = HarmonyConfigs.builder()
                .withSources(new PropertiesConfigSource(settings, "test", 300)).build();
        KafkaClients clients = new KafkaClients(new Endpoints(config), config.getConfigMapping(HarmonyConfig.class));
        boolean brokerUp = true;
        try {
            clients.onStart(null); // creates the topics and learns their partitions, as at the conductor's start
            // Only heartbeats are written while the broker is up: every other topic's first write comes in the outage.
            RecordMetadata acked = clients.send(KafkaNames.Topics.HEARTBEATS, "up-001", bytes("{}")).get(30, TimeUnit.SECONDS);
            assertNotNull(acked);

            kafka.close();
            brokerUp = false;

            // Twice: right after the broker went, and again once the first writes failed, when the producers have
            // long seen every broker gone (Kafka 4 would then start over from bootstrap.servers, knowing no partitions)
            for (String round : List.of("at once", "after the first writes failed")) {
                Map<String, CompletableFuture<RecordMetadata>> writes = new LinkedHashMap<>();
                for (String topic : KafkaClients.PRODUCED) {
                    long start = System.nanoTime();
                    writes.put(topic, clients.send(topic, "down-001", bytes("{}")));
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    // without the partitions learnt at start (or with them forgotten), a write sat out max-block (5 s)
                    assertTrue(ms < MAX_BLOCK.toMillis() / 5, round + ", " + topic + ": send held its caller " + ms + " ms");
                }
                for (var write : writes.entrySet()) {
                    await().atMost(Duration.ofSeconds(30)).until(write.getValue()::isDone);
                    ExecutionException failed = assertThrows(ExecutionException.class, () -> write.getValue().get(),
                            round + ", " + write.getKey() + " was acknowledged by a stopped broker");
                    assertInstanceOf(DependencyUnavailableException.class, failed.getCause(), write.getKey());
                }
            }
        } finally {
            clients.onStop(null);
            if (brokerUp) {
                kafka.close();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
