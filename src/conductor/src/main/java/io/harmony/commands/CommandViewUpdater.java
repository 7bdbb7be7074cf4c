package io.harmony.commands;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.harmony.kafka.KafkaNames;

/** Keeps this replica's global store of harmony.commands and its by-instance index ({@link CommandsView}). */
public final class CommandViewUpdater implements Processor<String, CommandEntry, Void, Void> {
    private final CommandsView view;
    private KeyValueStore<String, CommandEntry> store;

    public CommandViewUpdater(CommandsView view) {
        this.view = view;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(KafkaNames.Stores.COMMANDS_VIEW);
    }

    @Override
    public void process(Record<String, CommandEntry> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        view.applied(record.key(), record.value());
    }
}
