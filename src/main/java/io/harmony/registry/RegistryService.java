package io.harmony.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.harmony.config.DependencyUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.harmony.config.HarmonyConfig;
import io.harmony.config.Json;
import io.harmony.config.KafkaClients;
import io.harmony.config.KafkaNames.Topics;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.Heartbeat;
import io.harmony.liveness.LivenessQueries;
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
    private static final long VIEW_WAIT_MS = 5000;
    private static final long KAFKA_WAIT_MS = 15000;

    private final KafkaClients kafka;
    private final LivenessQueries queries;
    private final ViewTracker tracker;
    private final ComponentIds ids;
    private final Counter beats;
    private final long intervalMs;
    private final double intervalSeconds;

    RegistryService(KafkaClients kafka, LivenessQueries queries, ViewTracker tracker, ComponentIds ids, HarmonyConfig config,
            MeterRegistry meters) {
        this.beats = Counter.builder("harmony.heartbeats.received").description("Heartbeats accepted over REST by this replica")
                .register(meters);
        this.kafka = kafka;
        this.queries = queries;
        this.tracker = tracker;
        this.ids = ids;
        this.intervalSeconds = config.heartbeat().interval();
        this.intervalMs = Math.round(intervalSeconds * 1000);
    }

    /** Blocking: answers once the registration is on Kafka and in this replica's view. */
    public RegisterResponse register(RegisterRequest request, String remoteHost) {
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
                request.healthCheckUrl(), request.metadata() == null ? Map.of() : Map.copyOf(request.metadata()), now, now);
        CompletableFuture<Void> visible = tracker.await(id, s -> s != null && now.equals(s.registeredAt()));
        await(kafka.send(Topics.REGISTRATIONS, id, json(registration)), KAFKA_WAIT_MS, "Kafka");
        awaitView(visible, id);
        return new RegisterResponse("registered", id, intervalSeconds, now.plusMillis(intervalMs));
    }

    /** Non-blocking, the hot path: a lookup in the in-memory view and one produce. */
    public Uni<HeartbeatAck> renew(Heartbeat heartbeat) {
        String id = heartbeat.componentId();
        if (!queries.isKnown(id)) {
            throw new UnknownComponentException(id);
        }
        beats.increment();
        byte[] value = json(heartbeat);
        return Uni.createFrom().completionStage(kafka.send(Topics.HEARTBEATS, id, value))
                .map(acked -> new HeartbeatAck("acknowledged", Instant.now().plusMillis(intervalMs), List.of()));
    }

    /** Blocking: answers once the tombstone is on Kafka and the component gone from this replica's view. */
    public void deregister(String componentId) {
        if (!queries.isKnown(componentId)) {
            throw new UnknownComponentException(componentId);
        }
        CompletableFuture<Void> gone = tracker.await(componentId, Objects::isNull);
        await(kafka.send(Topics.REGISTRATIONS, componentId, null), KAFKA_WAIT_MS, "Kafka");
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
            visible.get(VIEW_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The write is durable on Kafka; only this replica's view lags (for example while it restores).
            visible.cancel(false);
            LOG.warnf("view did not show the write for %s within %d ms", id, VIEW_WAIT_MS);
        } catch (ExecutionException | InterruptedException e) {
            visible.cancel(false);
        }
    }

    private static <T> T await(CompletableFuture<T> future, long ms, String what) {
        try {
            return future.get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new DependencyUnavailableException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException(what + " did not answer within " + ms + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted waiting for " + what, e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
