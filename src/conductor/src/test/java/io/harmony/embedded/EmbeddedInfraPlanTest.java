package io.harmony.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Each dependency is decided on its own. */
class EmbeddedInfraPlanTest {

    static long redisChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false)).count();
    }

    @Test
    void onlyRedisGivenStartsOnlyTheBroker() throws Exception {
        EmbeddedInfra.Plan plan = EmbeddedInfra.Plan.fromConfig(Map.of(), Map.of("QUARKUS_REDIS_HOSTS", "redis://10.0.0.1:6379"));
        assertTrue(plan.kafka());
        assertFalse(plan.redis());

        long redisBefore = redisChildren();
        EmbeddedInfra infra = EmbeddedInfra.launch(
                new EmbeddedInfra.Plan(plan.kafka(), plan.redis(), Files.createTempDirectory("plan-"), false));
        try {
            Map<String, String> props = infra.properties();
            assertTrue(props.containsKey("kafka.bootstrap.servers"));
            assertFalse(props.containsKey("quarkus.redis.hosts"));
            assertEquals(redisBefore, redisChildren());
        } finally {
            infra.close();
        }
    }

    @Test
    void onlyKafkaGivenStartsOnlyRedisAndBothGivenStartNothing() {
        EmbeddedInfra.Plan kafkaGiven = EmbeddedInfra.Plan.fromConfig(Map.of("kafka.bootstrap.servers", "k:9092"), Map.of());
        assertFalse(kafkaGiven.kafka());
        assertTrue(kafkaGiven.redis());
        EmbeddedInfra.Plan both = EmbeddedInfra.Plan.fromConfig(Map.of(),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "QUARKUS_REDIS_HOSTS", "redis://r:6379", "HARMONY_DATA_DIR", "/tmp/x"));
        assertFalse(both.kafka());
        assertFalse(both.redis());
        assertEquals("/tmp/x", both.dataDir().toString());
    }
}
