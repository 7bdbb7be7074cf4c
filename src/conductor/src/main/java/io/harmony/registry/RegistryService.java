package io.harmony.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.harmony.commands.CommandResult;
import io.harmony.commands.CommandService;
import io.harmony.commands.IssuedCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.harmony.config.HarmonyConfig;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.FailureDetector;
import io.harmony.liveness.Heartbeat;
import io.harmony.liveness.LivenessQueries;
import io.harmony.liveness.LivenessTiming;
import io.harmony.liveness.Registration;
import io.harmony.liveness.Status;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Registers, renews and deregisters components: every write goes to Kafka and is answered once acknowledged. */
@Singleton
public class RegistryService {

    private final KafkaClients kafka;
    private final LivenessQueries queries;
    private final ComponentIds ids;
    private final CommandService commands;
    private final Counter beats;
    private final long intervalMs;
    private final double intervalSeconds;
    private final FailureDetector phiDefaults;

    RegistryService(KafkaClients kafka, LivenessQueries queries, ComponentIds ids, CommandService commands,
            HarmonyConfig config, MeterRegistry meters) {
        this.commands = commands;
        this.beats = Counter.builder("harmony.heartbeats.received").description("Heartbeats accepted over REST by this replica")
                .register(meters);
        this.kafka = kafka;
        this.queries = queries;
        this.ids = ids;
        this.intervalSeconds = config.heartbeat().interval();
        this.intervalMs = Math.round(intervalSeconds * 1000);
        this.phiDefaults = LivenessTiming.from(config).phi();
    }

    /**
     * Answers once the registration is on Kafka (acks=all), without blocking a thread: the id from Redis, then the
     * produce. This replica's reads show it from that moment ({@link LivenessQueries#acknowledged}); the others once
     * their view applies it, within milliseconds.
     */
    public Uni<RegisterResponse> register(RegisterRequest request, String remoteHost) {
        FailureDetector.requireConsistent(request.failureDetector()); // before an id is allocated: a 400 changes nothing
        String host = request.host() != null ? request.host() : remoteHost;
        return idOf(request.component(), host, request.port()).chain(id -> {
            Instant now = Instant.now();
            Registration registration = new Registration(id, request.component(), request.version(), host, request.port(),
                    Status.HEALTHY, request.capabilities() == null ? List.of() : List.copyOf(request.capabilities()),
                    request.healthCheckUrl(), request.metadata() == null ? Map.of() : Map.copyOf(request.metadata()), now, now,
                    // the settings in force from now on, shown as such by /services/{id}
                    request.failureDetector() == null ? null : request.failureDetector().withDefaults(phiDefaults), null);
            return kafka.acked(kafka.send(Topics.REGISTRATIONS, id, Json.bytes(registration))).map(acked -> {
                queries.acknowledged(id, registration);
                return new RegisterResponse("registered", id, intervalSeconds, now.plusMillis(intervalMs));
            });
        });
    }

    /** Non-blocking, the hot path: a lookup in the in-memory view and one produce. */
    public Uni<HeartbeatAck> renew(Heartbeat heartbeat) {
        String id = heartbeat.componentId();
        requireKnown(id);
        beats.increment();
        byte[] value = Json.bytes(heartbeat);
        return Uni.createFrom().completionStage(kafka.send(Topics.HEARTBEATS, id, value))
                .map(acked -> new HeartbeatAck("acknowledged", Instant.now().plusMillis(intervalMs), stillPending(heartbeat)));
    }

    /** The instance's pending commands, less those this very beat reports (the view learns of them a moment later). */
    private List<IssuedCommand> stillPending(Heartbeat heartbeat) {
        List<IssuedCommand> pending = commands.pendingFor(heartbeat.componentId());
        if (pending.isEmpty() || heartbeat.commandResults() == null || heartbeat.commandResults().isEmpty()) {
            return pending;
        }
        Set<String> reported = heartbeat.commandResults().stream().map(CommandResult::commandId).collect(Collectors.toSet());
        return pending.stream().filter(c -> !reported.contains(c.commandId())).toList();
    }

    /** Throws {@link UnknownComponentException} unless this replica's view holds {@code componentId}. */
    public void requireKnown(String componentId) {
        if (!queries.isKnown(componentId)) {
            throw new UnknownComponentException(componentId);
        }
    }

    /** Answers once the instance's command tombstones and then its own are on Kafka; this replica's reads no longer show it. */
    public Uni<Void> deregister(String componentId) {
        requireKnown(componentId);
        return kafka.acked(commands.dropAll(componentId))
                .chain(() -> kafka.acked(kafka.send(Topics.REGISTRATIONS, componentId, null)))
                .invoke(() -> queries.acknowledged(componentId, null)).replaceWithVoid();
    }

    /**
     * The same component + host + port is the same instance restarting: it keeps its id. Redis maps endpoints to ids
     * in one atomic step (ComponentIds), so a register costs one script call, not a scan of the component's instances.
     * The scan is the fallback for when Redis forgot (emptied or replaced): then a new number may collide with one the
     * view holds, and the view, not Redis, says which ids are taken.
     */
    private Uni<String> idOf(String component, String host, int port) {
        return ids.allocate(component, host, port, 0, false).chain(allocated -> {
            if (allocated.known()) {
                return Uni.createFrom().item(allocated.id());
            }
            Optional<ComponentStatus> holder = queries.find(allocated.id());
            if (holder.isEmpty() || (host.equals(holder.get().host()) && holder.get().port() == port)) {
                return Uni.createFrom().item(allocated.id());
            }
            List<ComponentStatus> siblings = queries.ofComponent(component);
            Optional<ComponentStatus> same = siblings.stream().filter(s -> host.equals(s.host()) && s.port() == port).findFirst();
            if (same.isPresent()) {
                return ids.remember(component, host, port, same.get().componentId()).replaceWith(same.get().componentId());
            }
            long highest = siblings.stream().mapToLong(s -> ComponentIds.number(s.componentId())).max().orElse(0);
            return ids.allocate(component, host, port, highest, true).map(ComponentIds.Allocation::id);
        });
    }
}
