package io.harmony.commands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.harmony.kafka.KafkaNames;
import io.harmony.events.HarmonyEvent;

/**
 * Applies the {@code command_results} of a heartbeat (over REST or produced straight to Kafka): a result for a command
 * still pending completes it on harmony.commands and raises command-completed or command-failed; a result for an
 * unknown or already completed command is ignored (a component reports again when a lost ack hands a command out twice).
 * Keeps the newest {@link #KEEP_RESULTS} outcomes per instance.
 */
public final class CommandResultsProcessor implements Processor<String, List<CommandResult>, String, CommandOutput> {
    static final int KEEP_RESULTS = 20;
    /** Outcomes this task wrote whose echo the global store may not show yet: a result repeated in the next beat is not applied twice. */
    private static final int RECENT = 1024;

    private final Map<String, Boolean> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    };
    private ProcessorContext<String, CommandOutput> context;
    private KeyValueStore<String, CommandEntry> view;

    @Override
    public void init(ProcessorContext<String, CommandOutput> context) {
        this.context = context;
        this.view = context.getStateStore(KafkaNames.Stores.COMMANDS_VIEW);
    }

    @Override
    public void process(Record<String, List<CommandResult>> record) {
        String componentId = record.key();
        if (componentId == null || record.value() == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        boolean completedAny = false;
        for (CommandResult result : record.value()) {
            if (result == null || result.commandId() == null || !CommandResult.isOutcome(result.status())) {
                continue;
            }
            String key = CommandEntry.key(componentId, result.commandId());
            CommandEntry entry = view.get(key);
            if (entry == null || !entry.pending() || recent.containsKey(key)) {
                continue;
            }
            recent.put(key, Boolean.TRUE);
            CommandEntry done = entry.completed(result, at);
            context.forward(record.withKey(componentId).withValue(new CommandOutput(key, done, event(done))));
            completedAny = true;
        }
        if (completedAny) {
            forgetOldResults(componentId, record);
        }
    }

    private void forgetOldResults(String componentId, Record<String, List<CommandResult>> record) {
        List<CommandEntry> finished = new ArrayList<>();
        try (KeyValueIterator<String, CommandEntry> it = view.prefixScan(CommandEntry.prefix(componentId), new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && !kv.value.pending()) {
                    finished.add(kv.value);
                }
            });
        }
        // The view does not show the outcomes just forwarded yet; they are the newest, so keep room for them.
        int keep = Math.max(0, KEEP_RESULTS - 1);
        if (finished.size() <= keep) {
            return;
        }
        finished.sort(Comparator.comparing(CommandEntry::completedAt).reversed());
        for (CommandEntry old : finished.subList(keep, finished.size())) {
            context.forward(record.withKey(componentId)
                    .withValue(new CommandOutput(CommandEntry.key(componentId, old.commandId()), null, null)));
        }
    }

    private static HarmonyEvent event(CommandEntry done) {
        String type = CommandEntry.DONE.equals(done.status()) ? "command-completed" : "command-failed";
        return new HarmonyEvent(type, UUID.randomUUID().toString(), done.componentId(), done.completedAt(),
                CommandEventData.of(done));
    }
}
