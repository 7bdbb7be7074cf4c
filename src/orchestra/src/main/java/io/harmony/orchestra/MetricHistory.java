package io.harmony.orchestra;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.orchestra.Component.BadInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The recent heartbeat metrics of each component, oldest first: bounded per component, dropped past the window. */
final class MetricHistory {

    /** One heartbeat's metrics at the beat's record time. */
    record Point(Instant timestamp, JsonNode metrics) {}

    /** The points of one component, as GET /metrics/{component_id} answers. */
    record Series(String componentId, List<Point> points) {}

    /** A ?start=&end= filter, both ends inclusive; null = open. */
    record TimeRange(Instant start, Instant end) {
        static final TimeRange ALL = new TimeRange(null, null);

        static TimeRange parse(Map<String, String> query) {
            var range = new TimeRange(time(query, "start"), time(query, "end"));
            if (range.start != null && range.end != null && range.start.isAfter(range.end)) {
                throw new BadInputException("start " + range.start + " is after end " + range.end, "start");
            }
            return range;
        }

        boolean contains(Instant t) {
            return (start == null || !t.isBefore(start)) && (end == null || !t.isAfter(end));
        }

        private static Instant time(Map<String, String> query, String field) {
            String text = query.get(field);
            if (text == null || text.isEmpty()) return null;
            // An unencoded "+01:00" arrives as " 01:00": query decoding turns + into a space.
            text = text.replace(' ', '+');
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException withOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);   // no zone = UTC, as the contract reads times
                } catch (DateTimeParseException e) {
                    throw new BadInputException(field + " is not an ISO-8601 time: " + query.get(field), field);
                }
            }
        }
    }

    private final InstantSource clock;
    private final Duration window;
    private final int perComponent;
    private final Map<String, ArrayDeque<Point>> points = new TreeMap<>();   // guarded by this

    MetricHistory(InstantSource clock, Duration window, int perComponent) {
        this.clock = clock;
        this.window = window;
        this.perComponent = perComponent;
    }

    /** Appends a point; a component's beats arrive in order (one Kafka partition per key). */
    synchronized void add(String componentId, Instant timestamp, JsonNode metrics) {
        var series = points.computeIfAbsent(componentId, id -> new ArrayDeque<>());
        series.addLast(new Point(timestamp, metrics));
        Instant cutoff = cutoff();
        // a point already older than the window may empty the series: the component still counts as seen
        while (!series.isEmpty() && (series.size() > perComponent || series.getFirst().timestamp().isBefore(cutoff))) {
            series.removeFirst();
        }
    }

    /** Empty when the component never beat since this cortex started reading. */
    synchronized Optional<Series> of(String componentId, TimeRange range) {
        var series = points.get(componentId);
        return series == null ? Optional.empty() : Optional.of(select(componentId, series, range));
    }

    synchronized List<Series> all(TimeRange range) {
        return points.entrySet().stream().map(e -> select(e.getKey(), e.getValue(), range)).toList();
    }

    synchronized int componentsSeen() { return points.size(); }

    private Series select(String componentId, ArrayDeque<Point> series, TimeRange range) {
        Instant cutoff = cutoff();
        return new Series(componentId, series.stream()
                .filter(p -> !p.timestamp().isBefore(cutoff) && range.contains(p.timestamp())).toList());
    }

    private Instant cutoff() { return clock.instant().minus(window); }
}
