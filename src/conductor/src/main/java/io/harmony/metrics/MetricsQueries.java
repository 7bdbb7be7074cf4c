package io.harmony.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.harmony.errors.DependencyUnavailableException;
import io.harmony.config.HarmonyConfig;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaNames.Stores;
import io.harmony.kafka.KafkaNames.Topics;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Range queries of a component's history. The history lives in the stores of the Streams task owning the component;
 * when another replica owns it, the query is forwarded to that replica (Kafka Streams interactive queries, with
 * {@code application.server} as each replica's address), so any replica answers for any component.
 */
@Singleton
public class MetricsQueries {
    static final String FORWARDED = "X-Harmony-Forwarded";

    private final Instance<KafkaStreams> streams;
    private final Duration rawRetention;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    MetricsQueries(Instance<KafkaStreams> streams, HarmonyConfig config) {
        this.streams = streams;
        this.rawRetention = config.metrics().rawRetention();
    }

    /**
     * Points of one component from {@code start} to {@code end} in time order. Within the raw window, raw points;
     * a range reaching past it gets one-minute roll-ups for whole minutes before the first minute boundary inside the
     * raw window, and raw points from that boundary on, so the two never overlap. {@code rollups} asks for roll-ups
     * over the whole range.
     */
    public List<SeriesPoint> points(String componentId, Instant start, Instant end, boolean rollupsOnly, boolean forwarded) {
        return points(componentId, start, end, rollupsOnly, forwarded, null);
    }

    /** The same, forwarding {@code authorization} (the caller's own header, when auth is on) to the owning replica. */
    public List<SeriesPoint> points(String componentId, Instant start, Instant end, boolean rollupsOnly, boolean forwarded,
            String authorization) {
        HostInfo owner = owner(componentId);
        if (!forwarded && owner != null) {
            return remote(owner, componentId, start, end, rollupsOnly, authorization);
        }
        Instant rawFrom = Instant.now().minus(rawRetention);
        Instant boundary = rollupsOnly ? end.plusMillis(1)
                : !start.isBefore(rawFrom) ? start
                : Instant.ofEpochMilli(Math.floorDiv(rawFrom.toEpochMilli() + 59_999, 60_000L) * 60_000L);
        List<SeriesPoint> points = new ArrayList<>();
        try {
            if (start.isBefore(boundary)) {
                Instant rollupEnd = end.isBefore(boundary) ? end : boundary.minusMillis(1);
                ReadOnlyKeyValueStore<String, Rollup> rollups = store(Stores.METRICS_ROLLUPS);
                // a minute starting up to 59.999 s before start still holds points inside the range
                try (KeyValueIterator<String, Rollup> it = rollups.range(SeriesKeys.of(componentId, start.toEpochMilli() - 59_999),
                        SeriesKeys.of(componentId, rollupEnd))) {
                    it.forEachRemaining(kv -> points.add(kv.value.toPoint()));
                }
            }
            if (!end.isBefore(boundary)) {
                ReadOnlyKeyValueStore<String, MetricPoint> raw = store(Stores.METRICS_RAW);
                try (KeyValueIterator<String, MetricPoint> it = raw.range(SeriesKeys.of(componentId, boundary), SeriesKeys.of(componentId, end))) {
                    it.forEachRemaining(kv -> points.add(SeriesPoint.raw(kv.value)));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new DependencyUnavailableException("the metrics store is not available yet (start-up or rebalance); retry shortly", e);
        }
        return points;
    }

    /** The replica whose active task holds the component's history; null when that is this one (or unknown). */
    private HostInfo owner(String componentId) {
        try {
            KafkaStreams ks = streams.get();
            KeyQueryMetadata md = ks.queryMetadataForKey(Stores.METRICS_RAW, componentId, Serdes.String().serializer());
            if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                return null;
            }
            // Decided by the tasks this instance runs, not by comparing addresses (a test port or a NAT would lie).
            boolean local = ks.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                    .flatMap(task -> task.topicPartitions().stream())
                    .anyMatch(tp -> tp.topic().equals(Topics.HEARTBEATS) && tp.partition() == md.partition());
            return local ? null : md.activeHost();
        } catch (RuntimeException e) {
            return null; // not running yet: the local query answers 503 if the store is not there
        }
    }

    private List<SeriesPoint> remote(HostInfo owner, String componentId, Instant start, Instant end, boolean rollupsOnly,
            String authorization) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/metrics/" + componentId + "?start=" + start
                + "&end=" + end + (rollupsOnly ? "&resolution=1m" : ""));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, "1");
            if (authorization != null) {
                // With auth on the owner checks the caller's own token: every replica holds every token (and shares
                // the admin token through harmony.auth.admin-token), so a forwarded read is allowed exactly as a direct one.
                request.header("Authorization", authorization);
            }
            HttpResponse<String> r = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new DependencyUnavailableException("replica " + owner + " answered " + r.statusCode() + " for " + componentId, null);
            }
            List<SeriesPoint> points = Json.mapper().readValue(r.body(), MetricsSeries.class).points();
            return points == null ? List.of() : points;
        } catch (java.io.IOException e) {
            throw new DependencyUnavailableException("replica " + owner + " holding " + componentId + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted", e);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.get().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
