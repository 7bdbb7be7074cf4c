package io.harmony.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

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
import io.harmony.liveness.ViewTracker;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Registers, renews and deregisters components: every write goes to Kafka and is answered once acknowledged. */
@Singleton
public class RegistryService {
    private static final Logger LOG = Logger.getLogger(RegistryService.class);
    /** How long a register or deregister waits for this replica's view to show it (read-your-writes). */

    private final KafkaClients kafka;
    private final LivenessQueries queries;
    private final ViewTracker tracker;
    private final ComponentIds ids;
    private final CommandService commands;
    private final Counter beats;
    private final long intervalMs;
    private final double intervalSeconds;
    private final java.time.Duration viewWait;
    private final FailureDetector phiDefaults;

    RegistryService(KafkaClients kafka, LivenessQueries queries, ViewTracker tracker, ComponentIds ids, CommandService commands,
            HarmonyConfig config, MeterRegistry meters) {
        this.commands = commands;
        this.beats = Counter.builder("harmony.heartbeats.received").description("Heartbeats accepted over REST by this replica")
                .register(meters);
        this.kafka = kafka;
        this.queries = queries;
        this.tracker = tracker;
        this.ids = ids;
        this.intervalSeconds = config.heartbeat().interval();
        this.viewWait = config.kafka().viewWait();
        this.intervalMs = Math.round(intervalSeconds * 1000);
        this.phiDefaults = LivenessTiming.from(config).phi();
    }

    /** Blocking: answers once the registration is on Kafka and in this replica's view. */
    public RegisterResponse register(RegisterRequest request, String remoteHost) {
        FailureDetector.requireConsistent(request.failureDetector()); // before an id is allocated: a 400 changes nothing
        String host = request.host() != null ? request.host() : remoteHost;
        List<ComponentStatus> siblings = queries.ofComponent(request.component());
        // The same component + host + port is the same instance restarting: it keeps its id.
        String id = siblings.stream()
                .filter(s -> host.equals(s.host()) && s.port() == request.port())
                .map(ComponentStatus::componentId)
                .findFirst()
                .orElseGet(() -> allocate(request.component(), host, request.port(), siblings));
        Instant now = Instant.now();
        Registration registration = new Registration(id, request.component(), request.version(), host, request.port(),
                Status.HEALTHY, request.capabilities() == null ? List.of() : List.copyOf(request.capabilities()),
                request.healthCheckUrl(), request.metadata() == null ? Map.of() : Map.copyOf(request.metadata()), now, now,
                // the settings in force from now on, shown as such by /services/{id}
                request.failureDetector() == null ? null : request.failureDetector().withDefaults(phiDefaults), null);
        CompletableFuture<Void> visible = tracker.await(id, s -> s != null && now.equals(s.registeredAt()));
        kafka.awaitAck(kafka.send(Topics.REGISTRATIONS, id, Json.bytes(registration)));
        awaitView(visible, id);
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

    /** Blocking: answers once the tombstone is on Kafka and the component gone from this replica's view. */
    public void deregister(String componentId) {
        requireKnown(componentId);
        commands.dropAll(componentId);
        CompletableFuture<Void> gone = tracker.await(componentId, Objects::isNull);
        kafka.awaitAck(kafka.send(Topics.REGISTRATIONS, componentId, null));
        awaitView(gone, componentId);
    }

    private String allocate(String component, String host, int port, List<ComponentStatus> siblings) {
        long highest = siblings.stream().mapToLong(s -> ComponentIds.number(s.componentId())).max().orElse(0);
        try {
            return ids.allocate(component, host, port, highest);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis is unavailable, cannot allocate a component id: " + e.getMessage(), e);
        }
    }

    private void awaitView(CompletableFuture<Void> visible, String id) {
        try {
            visible.get(viewWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The write is durable on Kafka; only this replica's view lags (for example while it restores).
            visible.cancel(false);
            LOG.warnf("view did not show the write for %s within %d ms", id, viewWait.toMillis());
        } catch (ExecutionException | InterruptedException e) {
            visible.cancel(false);
        }
    }

}
