package io.harmony.kafka;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

import io.harmony.kafka.KafkaNames.Stores;
import jakarta.inject.Singleton;

/**
 * Hears Streams restore its stores and remembers which partitions of each global view are replayed. The Kafka Streams
 * extension hands this bean to {@code KafkaStreams.setGlobalStateRestoreListener}, which despite its name also hears
 * the tasks' stores; those are ignored here. After a restart the global thread replays every view before any stream
 * thread starts, and the tasks then restore their own stores for another second or more before Streams is RUNNING:
 * registry reads and heartbeats need only the views, so {@link ViewsReady} lets them answer from this moment.
 */
@Singleton
public class GlobalRestores implements StateRestoreListener {
    private final Map<String, Set<Integer>> replayed = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        if (Stores.GLOBAL_VIEWS.containsKey(store)) {
            replayed.computeIfAbsent(store, s -> ConcurrentHashMap.newKeySet()).add(partition.partition());
        }
    }

    /** Whether every partition of every global view is replayed, given the partition count of each view's topic. */
    boolean allReplayed(Map<String, Integer> partitionsOfTopic) {
        for (Map.Entry<String, String> view : Stores.GLOBAL_VIEWS.entrySet()) {
            Integer expected = partitionsOfTopic.get(view.getValue());
            Set<Integer> done = replayed.get(view.getKey());
            if (expected == null || done == null || done.size() < expected) {
                return false;
            }
        }
        return true;
    }
}
