package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A local copy of GET /services, so lookups never wait on the conductor: refreshed on every component-* event
 * (debounced), polled every 30 s in case events are lost, and kept as last known when a refresh fails.
 */
public final class Discovery {
    private static final System.Logger LOG = System.getLogger("io.harmony.client");
    /** The fallback when the event stream is down or an event was missed. */
    private static final Duration POLL = Duration.ofSeconds(30);
    /** A deployment registers many instances at once: one refresh covers a burst of events. */
    private static final Duration DEBOUNCE = Duration.ofMillis(200);

    private final ConductorApi api;
    private final ClientThreads threads;
    private final Supplier<Backoff> backoffs;
    private final Instant created = Instant.now();
    private final Map<String, AtomicInteger> nextPick = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshScheduled = new AtomicBoolean();
    private volatile List<ServiceInstance> cache = List.of();
    private volatile Instant lastRefresh;
    private volatile long lastAttemptNanos;
    private ScheduledExecutorService timer;

    Discovery(ConductorApi api, ClientThreads threads, Supplier<Backoff> backoffs) {
        this.api = api;
        this.threads = threads;
        this.backoffs = backoffs;
    }

    /** Fills the cache once on the caller's thread (so the first lookup has data), then keeps it fresh. */
    void start() {
        timer = threads.scheduler("discovery");
        refresh();
        timer.scheduleWithFixedDelay(this::refresh, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        // Also refresh when the stream (re)opens: changes between the first GET and the subscription are not lost.
        new EventStream(api, threads, List.of("component-*"), null, backoffs.get(), event -> refreshSoon(), this::refreshSoon);
    }

    public List<ServiceInstance> services() {
        return cache;
    }

    public List<ServiceInstance> byName(String component) {
        return cache.stream().filter(s -> component.equals(s.component())).toList();
    }

    public List<ServiceInstance> byCapability(String capability) {
        return cache.stream().filter(s -> s.capabilities().contains(capability)).toList();
    }

    /** Round robin over the component's healthy instances; empty when none is healthy. */
    public Optional<ServiceInstance> pickHealthy(String component) {
        List<ServiceInstance> healthy = cache.stream()
                .filter(s -> component.equals(s.component()) && "healthy".equals(s.status())).toList();
        if (healthy.isEmpty()) {
            return Optional.empty();
        }
        int pick = nextPick.computeIfAbsent(component, c -> new AtomicInteger()).getAndIncrement();
        return Optional.of(healthy.get(Math.floorMod(pick, healthy.size())));
    }

    /** Time since the last successful refresh (since discovery started, before the first one). */
    public Duration staleness() {
        Instant last = lastRefresh;
        Duration age = Duration.between(last != null ? last : created, Instant.now());
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** When the cache was last filled; null before the first successful refresh. */
    public Instant lastRefresh() {
        return lastRefresh;
    }

    private void refreshSoon() {
        if (!refreshScheduled.compareAndSet(false, true)) {
            return;   // the refresh already scheduled will see this change too
        }
        long wait = Math.max(0, lastAttemptNanos + DEBOUNCE.toNanos() - System.nanoTime());
        try {
            timer.schedule(() -> {
                refreshScheduled.set(false);   // before the GET: an event arriving during it schedules another
                refresh();
            }, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "closing: discovery refresh skipped");
        }
    }

    private void refresh() {
        lastAttemptNanos = System.nanoTime();
        try {
            List<ServiceInstance> services = new ArrayList<>();
            for (JsonNode s : api.call("GET", "/services", null).path("services")) {
                services.add(instance(s));
            }
            services.sort(Comparator.comparing(ServiceInstance::componentId, Comparator.nullsLast(Comparator.naturalOrder())));
            cache = List.copyOf(services);
            lastRefresh = Instant.now();
        } catch (RuntimeException e) {   // keep the last good copy; staleness() tells how old it is
            if (!threads.closed()) {
                LOG.log(Level.WARNING, "discovery refresh failed, keeping the copy from {0}: {1}", lastRefresh, e.toString());
            }
        }
    }

    private static ServiceInstance instance(JsonNode s) {
        List<String> capabilities = new ArrayList<>();
        s.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        Map<String, String> metadata = new LinkedHashMap<>();
        s.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new ServiceInstance(ConductorApi.text(s, "component_id"), ConductorApi.text(s, "component"),
                ConductorApi.text(s, "version"), ConductorApi.text(s, "host"), s.path("port").asInt(),
                ConductorApi.text(s, "status"), List.copyOf(capabilities), ConductorApi.text(s, "health_check_url"),
                Collections.unmodifiableMap(metadata), ConductorApi.instant(s, "last_heartbeat"),
                ConductorApi.instant(s, "registered_at"));
    }
}
