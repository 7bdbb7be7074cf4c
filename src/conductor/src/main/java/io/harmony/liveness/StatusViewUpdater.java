package io.harmony.liveness;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.harmony.kafka.KafkaNames;

/** Keeps this replica's copy of harmony.status (a global store) and tells waiting writers what it applied. */
public final class StatusViewUpdater implements Processor<String, ComponentStatus, Void, Void> {
    private final ViewTracker tracker;
    private KeyValueStore<String, ComponentStatus> view;

    public StatusViewUpdater(ViewTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        view = context.getStateStore(KafkaNames.Stores.STATUS_VIEW);
    }

    @Override
    public void process(Record<String, ComponentStatus> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            view.delete(record.key());
        } else {
            view.put(record.key(), record.value());
        }
        tracker.applied(record.key(), record.value());
    }
}
