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
import io.harmony.errors.DependencyUnavailableException;
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
     * Blocking: answers once the registration is on Kafka (acks=all). This replica's reads show it from that moment
     * ({@link LivenessQueries#acknowledged}); the others once their view applies it, within milliseconds.
     */
    public RegisterResponse register(RegisterRequest request, String remoteHost) {
        FailureDetector.requireConsistent(request.failureDetector()); // before an id is allocated: a 400 changes nothing
        String host = request.host() != null ? request.host() : remoteHost;
        String id = idOf(request.component(), host, request.port());
        Instant now = Instant.now();
        Registration registration = new Registration(id, request.component(), request.version(), host, request.port(),
                Status.HEALTHY, request.capabilities() == null ? List.of() : List.copyOf(request.capabilities()),
                request.healthCheckUrl(), request.metadata() == null ? Map.of() : Map.copyOf(request.metadata()), now, now,
                // the settings in force from now on, shown as such by /services/{id}
                request.failureDetector() == null ? null : request.failureDetector().withDefaults(phiDefaults), null);
        kafka.awaitAck(kafka.send(Topics.REGISTRATIONS, id, Json.bytes(registration)));
        queries.acknowledged(id, registration);
        return new RegisterResponse("registered", id, intervalSeconds, now.plusMillis(intervalMs));
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

    /** Blocking: answers once the tombstone is on Kafka; this replica's reads no longer show the component. */
    public void deregister(String componentId) {
        requireKnown(componentId);
        commands.dropAll(componentId);
        kafka.awaitAck(kafka.send(Topics.REGISTRATIONS, componentId, null));
        queries.acknowledged(componentId, null);
    }

    /**
     * The same component + host + port is the same instance restarting: it keeps its id. Redis maps endpoints to ids
     * in one atomic step (ComponentIds), so a register costs one script call, not a scan of the component's instances.
     * The scan is the fallback for when Redis forgot (emptied or replaced): then a new number may collide with one the
     * view holds, and the view, not Redis, says which ids are taken.
     */
    private String idOf(String component, String host, int port) {
        ComponentIds.Allocation allocated = allocate(() -> ids.allocate(component, host, port, 0, false));
        if (allocated.known()) {
            return allocated.id();
        }
        Optional<ComponentStatus> holder = queries.find(allocated.id());
        if (holder.isEmpty() || (host.equals(holder.get().host()) && holder.get().port() == port)) {
            return allocated.id();
        }
        List<ComponentStatus> siblings = queries.ofComponent(component);
        Optional<ComponentStatus> same = siblings.stream().filter(s -> host.equals(s.host()) && s.port() == port).findFirst();
        if (same.isPresent()) {
            allocate(() -> ids.remember(component, host, port, same.get().componentId()));
            return same.get().componentId();
        }
        long highest = siblings.stream().mapToLong(s -> ComponentIds.number(s.componentId())).max().orElse(0);
        return allocate(() -> ids.allocate(component, host, port, highest, true)).id();
    }

    private static <T> T allocate(java.util.function.Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis is unavailable, cannot allocate a component id: " + e.getMessage(), e);
        }
    }
}
