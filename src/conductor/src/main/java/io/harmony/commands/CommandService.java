package io.harmony.commands;

import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import jakarta.inject.Singleton;

/**
 * Heartbeat commands: issued to harmony.commands (durable, every replica's view), handed out by every ack of the
 * instance until a beat reports their outcome (see {@link CommandResultsProcessor}). Callers check that the instance
 * exists; this class knows only commands.
 */
@Singleton
public class CommandService {
    @Inject KafkaClients kafka;
    @Inject CommandsView view;

    /** Blocking: answers once the command is on Kafka (and, bounded, in this replica's view). */
    public IssuedCommand issue(String componentId, CommandRequest request) {
        Json.requireFinite(request.args(), "args");
        CommandEntry entry = new CommandEntry(componentId, UUID.randomUUID().toString(), request.command(), request.args(),
                Instant.now(), CommandEntry.PENDING, null, null);
        String key = CommandEntry.key(componentId, entry.commandId());
        CompletableFuture<Void> visible = view.await(key, Objects::nonNull);
        kafka.awaitAck(kafka.send(Topics.COMMANDS, key, Json.bytes(entry)));
        kafka.awaitView(visible);
        return entry.issued();
    }

    /** The hot path of every heartbeat ack. */
    public List<IssuedCommand> pendingFor(String componentId) {
        return view.pendingFor(componentId);
    }

    public CommandsList list(String componentId) {
        List<CommandEntry> pending = new ArrayList<>();
        List<CommandEntry> results = new ArrayList<>();
        for (CommandEntry e : view.entries(componentId)) {
            (e.pending() ? pending : results).add(e);
        }
        results.sort(Comparator.comparing(CommandEntry::completedAt).reversed());
        return new CommandsList(componentId, pending, results);
    }

    /** Deregistration drops the instance's commands: tombstones for every one, pending or done. */
    public CompletableFuture<Void> dropAll(String componentId) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (CommandEntry e : view.entries(componentId)) {
            acks.add(kafka.send(Topics.COMMANDS, CommandEntry.key(componentId, e.commandId()), null));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }
}
