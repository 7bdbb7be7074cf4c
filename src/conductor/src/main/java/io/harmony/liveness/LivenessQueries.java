package io.harmony.liveness;

import jakarta.inject.Inject;
import jakarta.enterprise.inject.Produces;
import io.smallrye.mutiny.Uni;
import io.smallrye.health.api.AsyncHealthCheck;
import io.harmony.health.Checks;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.HealthCheckResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.harmony.config.HarmonyConfig;
import io.harmony.errors.DependencyUnavailableException;
import io.harmony.kafka.KafkaNames;
import io.harmony.kafka.ViewsReady;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Reads of the liveness view: this replica's global copy of harmony.status, so any replica answers any read
 * without forwarding. A view that is not loaded yet (start-up, rebalance) is a 503, never a 500.
 */
@Singleton
public class LivenessQueries {

    /** How long an acknowledged write may stay ahead of the view before this replica stops vouching for it. */
    static final long PENDING_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    @Inject Instance<KafkaStreams> streams;
    @Inject ViewsReady ready;
    @Inject ViewTracker tracker;
    @Inject HarmonyConfig config;
    private volatile ReadOnlyKeyValueStore<String, ComponentStatus> store;
    private volatile LivenessTiming timing;

    /**
     * A registration or deregistration this replica had acknowledged (durable on Kafka) that its view does not show
     * yet: reads here see it at once instead of waiting ~100 ms for the Streams round trip (registrations → liveness
     * task → harmony.status → this view), which is what a register used to wait for. Dropped when the view catches up
     * (or after {@link #PENDING_NANOS}); other replicas learn of the write through Kafka as before, so nothing here is
     * state a second replica needs. {@code status} null = deregistered.
     */
    private record Pending(ComponentStatus status, java.time.Instant writtenAt, long expiresAt) {
        boolean live() {
            return System.nanoTime() - expiresAt < 0;
        }
    }

    private final java.util.Map<String, Pending> pending = new java.util.concurrent.ConcurrentHashMap<>();

    @jakarta.annotation.PostConstruct
    void settleWithTheView() {
        tracker.onApplied((id, applied) -> pending.computeIfPresent(id, (k, p) -> caughtUp(p.status(), applied) || !p.live() ? null : p));
    }

    private static boolean caughtUp(ComponentStatus written, ComponentStatus applied) {
        return written == null ? applied == null : applied != null && !applied.registeredAt().isBefore(written.registeredAt());
    }

    /** This replica acknowledged {@code registration} (null: the deregistration of {@code componentId}). */
    public void acknowledged(String componentId, Registration registration) {
        // As the liveness task will show it: a phi component starts from a seeded beat history (DeadlineSweeper.register).
        ComponentStatus status = null;
        if (registration != null) {
            LivenessTiming t = timing();
            BeatHistory fresh = t.phiFor(registration.failureDetector()) == null ? null : PhiAccrual.seed(t.intervalMs());
            status = ComponentStatus.registered(registration, registration.registeredAt(), fresh);
        }
        pending.put(componentId, new Pending(status, java.time.Instant.now(), System.nanoTime() + PENDING_NANOS));
        if (status != null) {
            tracker.rememberExists(componentId);
        } else {
            tracker.forget(componentId);
        }
    }

    /** The acknowledged write for {@code componentId} the view does not show yet, if any (its value may be null). */
    private Pending ahead(String componentId) {
        Pending p = pending.get(componentId);
        if (p != null && !p.live()) {
            pending.remove(componentId, p);
            return null;
        }
        return p;
    }

    /**
     * The acknowledged writes not yet in the view, taken before the view is read: one that the view applies in
     * between is then in the view's answer, never in neither.
     */
    private java.util.Map<String, Pending> pendingBeforeRead(java.util.function.Predicate<String> ids) {
        if (pending.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, Pending> snapshot = new java.util.HashMap<>();
        pending.forEach((id, p) -> {
            if (ids.test(id) && p.live()) {
                snapshot.put(id, p);
            }
        });
        return snapshot;
    }

    /** {@code fromView} with {@code ahead} laid over where the view has not caught up with them, sorted by id. */
    private static List<ComponentStatus> withPending(List<ComponentStatus> fromView, java.util.Map<String, Pending> ahead) {
        if (ahead.isEmpty()) {
            return fromView;
        }
        java.util.Map<String, ComponentStatus> byId = new java.util.TreeMap<>();
        fromView.forEach(c -> byId.put(c.componentId(), c));
        ahead.forEach((id, p) -> {
            ComponentStatus shown = byId.get(id);
            if (p.status() == null) {
                if (shown != null && !shown.registeredAt().isAfter(p.writtenAt())) {
                    byId.remove(id);
                }
            } else if (shown == null || !caughtUp(p.status(), shown)) {
                byId.put(id, p.status());
            }
        });
        return new ArrayList<>(byId.values());
    }

    /** Readiness: until the view is loaded no replica can answer /services or a heartbeat truthfully. */
    @Produces
    @Readiness
    @Singleton
    AsyncHealthCheck readiness() {
        return () -> Uni.createFrom().item(() -> isReady() ? HealthCheckResponse.up(Checks.REGISTRY)
                : Checks.down(Checks.REGISTRY, "liveness view not loaded (streams " + streamsState() + ")"));
    }

    public Optional<ComponentStatus> find(String componentId) {
        Pending p = ahead(componentId);
        if (p != null) {
            return Optional.ofNullable(p.status());
        }
        try {
            return Optional.ofNullable(view().get(componentId));
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    /** The heartbeat hot path: a set lookup once an id was seen, the store only the first time. */
    public boolean isKnown(String componentId) {
        Pending p = ahead(componentId);
        if (p != null) {
            return p.status() != null;
        }
        if (tracker.knownToExist(componentId)) {
            return true;
        }
        boolean present = find(componentId).isPresent();
        if (present) {
            tracker.rememberExists(componentId);
        }
        return present;
    }

    public List<ComponentStatus> all() {
        var ahead = pendingBeforeRead(id -> true);
        List<ComponentStatus> result = new ArrayList<>();
        try (KeyValueIterator<String, ComponentStatus> it = view().all()) {
            it.forEachRemaining(kv -> result.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
        result.sort(java.util.Comparator.comparing(ComponentStatus::componentId));
        return withPending(result, ahead);
    }

    /** Components of one name, via a prefix scan of ids ({@code <component>-NNN}). */
    public List<ComponentStatus> ofComponent(String component) {
        var ahead = pendingBeforeRead(id -> id.startsWith(component + "-"));
        List<ComponentStatus> result = new ArrayList<>();
        try (KeyValueIterator<String, ComponentStatus> it = view().prefixScan(component + "-",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && component.equals(kv.value.component())) {
                    result.add(kv.value);
                }
            });
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
        return withPending(result, ahead).stream().filter(c -> component.equals(c.component()))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /** The {@code /services} object of {@code status}, with the current φ when phi watches it. */
    public Registration describe(ComponentStatus status, Instant now) {
        return status.toRegistration(timing().phiFor(status.failureDetector()), now);
    }

    private LivenessTiming timing() {
        LivenessTiming t = timing;
        if (t == null) {
            t = LivenessTiming.from(config);
            timing = t;
        }
        return t;
    }

    /** True when Streams runs and the view answers a query: what /health calls the registry being UP. */
    public boolean isReady() {
        KafkaStreams ks = streams.get();
        if (ks.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        try {
            view().approximateNumEntries();
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    public KafkaStreams.State streamsState() {
        return streams.get().state();
    }

    private ReadOnlyKeyValueStore<String, ComponentStatus> view() {
        ready.requireLoaded("the liveness view is"); // never a part of it, while harmony.status is still replayed
        ReadOnlyKeyValueStore<String, ComponentStatus> s = store;
        if (s == null) {
            s = streams.get().store(StoreQueryParameters.fromNameAndType(KafkaNames.Stores.STATUS_VIEW,
                    QueryableStoreTypes.<String, ComponentStatus>keyValueStore()));
            store = s;
        }
        return s;
    }

    private DependencyUnavailableException notReady(InvalidStateStoreException e) {
        store = null;
        return new DependencyUnavailableException("the liveness view is not loaded yet; retry shortly", e);
    }
}
