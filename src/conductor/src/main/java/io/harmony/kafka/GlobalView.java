package io.harmony.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store — every replica's full copy of a compacted topic (a null value deletes) — and tells its owner
 * what it applied, so a write through this replica can answer once its own view shows it (read-your-writes).
 */
public final class GlobalView<V> implements Processor<String, V, Void, Void> {

    /** Hears each applied record, with where it came from. */
    @FunctionalInterface
    public interface Listener<V> {
        void applied(String key, V value, int partition, long offset);
    }

    private final String storeName;
    private final Listener<V> listener;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, V> store;

    public GlobalView(String storeName, Listener<V> listener) {
        this.storeName = storeName;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() != null) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
        // A keyless record changes nothing but still counts as applied: a writer waiting for its offset must not hang.
        context.recordMetadata().ifPresent(m -> listener.applied(record.key(), record.value(), m.partition(), m.offset()));
    }
}
