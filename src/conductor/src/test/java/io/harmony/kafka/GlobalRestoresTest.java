package io.harmony.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.harmony.kafka.KafkaNames.Stores;
import io.harmony.kafka.KafkaNames.Topics;

class GlobalRestoresTest {

    /** Two partitions for every view's topic but harmony.alerts (one), as on a cluster created with other counts. */
    static final Map<String, Integer> PARTITIONS = new HashMap<>();
    static {
        Stores.GLOBAL_VIEWS.values().forEach(topic -> PARTITIONS.put(topic, 2));
        PARTITIONS.put(Topics.ALERTS, 1);
    }

    @Test
    void theViewsAreReplayedOnlyOnceEveryPartitionOfEveryViewHasEnded() {
        GlobalRestores restores = new GlobalRestores();
        Stores.GLOBAL_VIEWS.forEach((store, topic) -> {
            restores.onRestoreStart(new TopicPartition(topic, 0), store, 0, 10);
            restores.onRestoreEnd(new TopicPartition(topic, 0), store, 10);
        });
        // harmony.alerts is done; every other view still has its partition 1 to go
        assertFalse(restores.allReplayed(PARTITIONS));
        // a task's store ending (the listener hears those too) is no view's partition
        restores.onRestoreEnd(new TopicPartition(Stores.changelog(Stores.COMPONENTS), 1), Stores.COMPONENTS, 5);
        assertFalse(restores.allReplayed(PARTITIONS));
        Stores.GLOBAL_VIEWS.forEach((store, topic) -> {
            if (!topic.equals(Topics.ALERTS)) {
                assertFalse(restores.allReplayed(PARTITIONS), "replayed before " + store + "'s partition 1");
                restores.onRestoreEnd(new TopicPartition(topic, 1), store, 0);
            }
        });
        assertTrue(restores.allReplayed(PARTITIONS));
    }

    @Test
    void withoutThePartitionCountsNothingCountsAsReplayed() {
        GlobalRestores restores = new GlobalRestores();
        Stores.GLOBAL_VIEWS.forEach((store, topic) -> restores.onRestoreEnd(new TopicPartition(topic, 0), store, 1));
        assertTrue(restores.allReplayed(Map.of(Topics.STATUS, 1, Topics.ALERTS, 1, Topics.ALERT_STATES, 1,
                Topics.COMMANDS, 1, Topics.TOKENS, 1, Topics.ACCESS_CONTROL, 1)));
        // Kafka did not describe the topics at start: ViewsReady waits for RUNNING instead
        assertFalse(restores.allReplayed(Map.of()));
    }
}
