package io.harmony.alerting;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store (every replica's copy of a compacted topic) and reports each applied offset, so a write through
 * this replica can answer once its own view shows it (read-your-writes for GET /alerts after POST /alerts/configure).
 */
public final class ViewUpdater<V> implements Processor<String, V, Void, Void> {
    private final String storeName;
    private final AppliedOffsets applied;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, V> view;

    public ViewUpdater(String storeName, AppliedOffsets applied) {
        this.storeName = storeName;
        this.applied = applied;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.view = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() != null) {
            if (record.value() == null) {
                view.delete(record.key());
            } else {
                view.put(record.key(), record.value());
            }
        }
        context.recordMetadata().ifPresent(m -> applied.applied(m.partition(), m.offset()));
    }
}
