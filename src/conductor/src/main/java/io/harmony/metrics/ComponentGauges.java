package io.harmony.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.harmony.redis.RedisKeys;
import io.harmony.events.EventHub;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.LivenessQueries;
import io.harmony.liveness.ViewTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Prometheus (GET /q/metrics) through Micrometer: every component's latest numeric metrics as gauges
 * {@code harmony_component_<metric>{component, component_id}}, removed when the component deregisters, plus the
 * conductor's own meters that live outside a single service: transitions, SSE subscribers and queue depth.
 * The gauges follow the liveness view (every replica holds all of it): one full pass once it is loaded, then every few
 * seconds only the components whose view entry changed since. Re-reading all of a 10,000-component view every 5 s
 * was the largest part of an idle conductor's CPU.
 */
@Singleton
public class ComponentGauges {
    private static final Logger LOG = Logger.getLogger(ComponentGauges.class);
    static final long REFRESH_SECONDS = 5;

    private final MeterRegistry meters;
    private final LivenessQueries liveness;
    private final RedisDataSource redis;
    private final EventHub events;
    /** component_id → metric → latest value; gauges read from here. */
    private final Map<String, Map<String, Double>> latest = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Meter>> gauges = new ConcurrentHashMap<>();
    /** Ids whose view entry changed since the last refresh: the new entry, or empty when deleted. */
    private final Map<String, Optional<ComponentStatus>> changed = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private final AtomicLong queueDepth = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "harmony-gauges");
        t.setDaemon(true);
        return t;
    });

    ComponentGauges(MeterRegistry meters, LivenessQueries liveness, ViewTracker view, RedisDataSource redis, EventHub events) {
        view.onApplied((id, value) -> changed.put(id, Optional.ofNullable(value)));
        this.meters = meters;
        this.liveness = liveness;
        this.redis = redis;
        this.events = events;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("harmony.sse.subscribers", events, EventHub::subscriberCount)
                .description("Open event streams on this replica").register(meters);
        Gauge.builder("harmony.queue.depth", queueDepth, AtomicLong::get)
                .description("Messages waiting in all queues (refreshed every " + REFRESH_SECONDS + " s)").register(meters);
        events.listen((offset, e) -> {
            if (e.event() != null && e.event().startsWith("component-")) {
                Counter.builder("harmony.transitions").tag("event", e.event()).description("Liveness transitions seen")
                        .register(meters).increment();
            }
        });
        timer.scheduleWithFixedDelay(this::refresh, 1, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    void refresh() {
        try {
            refreshComponents();
        } catch (RuntimeException e) {
            LOG.debugf("component gauges not refreshed: %s", e.getMessage());
        }
        try {
            queueDepth.set(queueDepth());
        } catch (RuntimeException e) {
            LOG.debugf("queue depth not refreshed: %s", e.getMessage());
        }
    }

    private void refreshComponents() {
        if (!loaded) {
            Set<String> seen = new HashSet<>();
            for (ComponentStatus c : liveness.all()) {
                seen.add(c.componentId());
                update(c);
            }
            for (String id : Set.copyOf(gauges.keySet())) {
                if (!seen.contains(id)) {
                    drop(id);
                }
            }
            loaded = true;
            return;
        }
        for (String id : Set.copyOf(changed.keySet())) {
            Optional<ComponentStatus> entry = changed.remove(id);
            if (entry != null && entry.isPresent()) {
                update(entry.get());
            } else if (entry != null) {
                drop(id); // deregistered: its gauges go
            }
        }
    }

    private void drop(String id) {
        Map<String, Meter> mine = gauges.remove(id);
        if (mine != null) {
            mine.values().forEach(meters::remove);
        }
        latest.remove(id);
    }

    private void update(ComponentStatus c) {
        Map<String, Double> values = c.metrics() == null ? Map.of() : new HashMap<>(c.metrics());
        values.values().removeIf(v -> v == null || !Double.isFinite(v));
        latest.put(c.componentId(), values);
        Map<String, Meter> mine = gauges.computeIfAbsent(c.componentId(), k -> new ConcurrentHashMap<>());
        for (String metric : values.keySet()) {
            mine.computeIfAbsent(metric, m -> Gauge.builder("harmony.component." + sanitize(m), latest,
                    all -> all.getOrDefault(c.componentId(), Map.of()).getOrDefault(m, Double.NaN))
                    .tag("component", c.component()).tag("component_id", c.componentId())
                    .description("Latest value reported by the component in its heartbeat").register(meters));
        }
        // a metric the component stopped reporting
        mine.keySet().removeIf(m -> {
            if (!values.containsKey(m)) {
                meters.remove(mine.get(m));
                return true;
            }
            return false;
        });
    }

    private long queueDepth() {
        long total = 0;
        var lists = redis.list(String.class);
        for (String key : redis.key().scan(new KeyScanArgs().match(RedisKeys.QUEUE_PREFIX + "*").count(500)).toIterable()) {
            total += lists.llen(key);
        }
        return total;
    }

    static String sanitize(String metric) {
        return metric.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
