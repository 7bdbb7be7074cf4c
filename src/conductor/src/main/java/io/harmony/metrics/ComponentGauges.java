package io.harmony.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.harmony.config.StartOrder;
import jakarta.annotation.Priority;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.harmony.json.Decoded;
import io.harmony.redis.RedisKeys;
import io.harmony.events.EventHub;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.LivenessQueries;
import io.harmony.liveness.ViewTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Prometheus (GET /q/metrics): every component's latest numeric metrics as gauges
 * {@code harmony_component_<metric>{component, component_id}}, gone when the component deregisters, plus the
 * conductor's own meters that live outside a single service (Micrometer): transitions, SSE subscribers, queue depth.
 * The component gauges are one Prometheus collector that reads {@link #latest} at each scrape, not a Micrometer gauge
 * per component and metric: those cost ~1 KB of heap each (meter, id, tags, the registry's maps and its Prometheus
 * child), 200 MB for 100,000 components reporting two metrics (issue 20).
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
    /** component_id → its latest metrics; the collector reads from here at each scrape. */
    private final Map<String, Reported> latest = new ConcurrentHashMap<>();
    /** metric as reported → its Prometheus name, one String shared by every component reporting it. */
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final PrometheusMeterRegistry prometheus;
    private final Collector collector = new ComponentCollector();
    /** Ids whose view entry changed since the last refresh: the new entry, or empty when deleted. */
    private final Map<String, Optional<ComponentStatus>> changed = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private final AtomicLong queueDepth = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "harmony-gauges");
        t.setDaemon(true);
        return t;
    });

    /** One component's metrics: Prometheus names (shared strings) and values, side by side. */
    record Reported(String component, String[] names, double[] values) {
    }

    ComponentGauges(MeterRegistry meters, PrometheusMeterRegistry prometheus, LivenessQueries liveness, ViewTracker view,
            RedisDataSource redis, EventHub events) {
        view.onApplied((id, value) -> changed.put(id, Optional.ofNullable(value)));
        this.meters = meters;
        this.prometheus = prometheus;
        this.liveness = liveness;
        this.redis = redis;
        this.events = events;
    }

    void onStart(@Observes @Priority(StartOrder.AFTER_STREAMS) StartupEvent event) {
        prometheus.getPrometheusRegistry().register(collector);
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
        prometheus.getPrometheusRegistry().unregister(collector);
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
            for (String id : Set.copyOf(latest.keySet())) {
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
        latest.remove(id);
    }

    private void update(ComponentStatus c) {
        Map<String, Double> metrics = c.metrics() == null ? Map.of() : c.metrics();
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach((metric, v) -> {
            if (v != null && Double.isFinite(v)) {
                values.put(names.computeIfAbsent(metric, m -> "harmony_component_" + sanitize(m)), v);
            }
        });
        if (values.isEmpty()) {
            latest.remove(c.componentId());
            return;
        }
        // Interned: the same String the sweeper keeps (ComponentStatus), not one more decoded copy per component.
        latest.put(c.componentId(), new Reported(Decoded.canonical(c.component()),
                values.keySet().toArray(String[]::new),
                values.values().stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** The component gauges at scrape time, one family per metric name. */
    private final class ComponentCollector extends Collector {
        private static final List<String> LABELS = List.of("component", "component_id");

        @Override
        public List<MetricFamilySamples> collect() {
            Map<String, List<MetricFamilySamples.Sample>> byName = new TreeMap<>();
            latest.forEach((id, r) -> {
                for (int i = 0; i < r.names().length; i++) {
                    byName.computeIfAbsent(r.names()[i], n -> new ArrayList<>())
                            .add(new MetricFamilySamples.Sample(r.names()[i], LABELS, List.of(r.component(), id), r.values()[i]));
                }
            });
            List<MetricFamilySamples> families = new ArrayList<>(byName.size());
            byName.forEach((name, samples) -> families.add(new MetricFamilySamples(name, Type.GAUGE,
                    "Latest value reported by the component in its heartbeat", samples)));
            return families;
        }
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
