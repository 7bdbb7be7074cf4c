package io.harmony.orchestra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.orchestra.Component.BadInputException;
import io.harmony.orchestra.MetricHistory.Point;
import io.harmony.orchestra.MetricHistory.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {
    private static final Instant T0 = Instant.parse("2025-12-17T19:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0.plus(Duration.ofMinutes(30)));
    private final MetricHistory history = new MetricHistory(now::get, Duration.ofHours(1), 5);

    private static JsonNode metrics(int requests) {
        return Component.JSON.valueToTree(Map.of("requests_total", requests));
    }

    private List<Instant> times(String componentId, TimeRange range) {
        return history.of(componentId, range).orElseThrow().points().stream().map(Point::timestamp).toList();
    }

    @Test
    void rangeFiltersBothEndsInclusiveOldestFirst() {
        for (int minute = 0; minute < 4; minute++) history.add("hub-001", T0.plus(Duration.ofMinutes(minute)), metrics(minute));
        var range = new TimeRange(T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(2)));
        assertEquals(List.of(T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(2))), times("hub-001", range));
        assertEquals(4, times("hub-001", TimeRange.ALL).size());
    }

    @Test
    void pointsOlderThanTheWindowAreDropped() {
        history.add("hub-001", T0, metrics(1));
        history.add("hub-001", T0.plus(Duration.ofMinutes(20)), metrics(2));
        now.set(T0.plus(Duration.ofMinutes(70)));
        assertEquals(List.of(T0.plus(Duration.ofMinutes(20))), times("hub-001", TimeRange.ALL));
    }

    @Test
    void eachComponentKeepsAtMostItsBound() {
        for (int i = 0; i < 8; i++) history.add("hub-001", T0.plusSeconds(i), metrics(i));
        List<Instant> kept = times("hub-001", TimeRange.ALL);
        assertEquals(5, kept.size());
        assertEquals(T0.plusSeconds(3), kept.get(0));
    }

    @Test
    void aComponentNeverSeenIsAbsentAndOneWithNoPointsInRangeIsEmpty() {
        history.add("hub-001", T0, metrics(1));
        assertTrue(history.of("sync-001", TimeRange.ALL).isEmpty());
        assertEquals(List.of(), times("hub-001", new TimeRange(T0.plusSeconds(1), null)));
        assertEquals(1, history.componentsSeen());
    }

    @Test
    void allListsEveryComponentSortedById() {
        history.add("sync-001", T0, metrics(1));
        history.add("hub-001", T0, metrics(1));
        assertEquals(List.of("hub-001", "sync-001"),
                history.all(TimeRange.ALL).stream().map(MetricHistory.Series::componentId).toList());
    }

    @Test
    void parsesStartAndEndInUtcWithOffsetsOrWithoutZone() {
        var range = TimeRange.parse(Map.of("start", "2025-12-17T19:00:00Z", "end", "2025-12-17T21:00:00 01:00"));
        assertEquals(T0, range.start());
        assertEquals(Instant.parse("2025-12-17T20:00:00Z"), range.end());
        assertEquals(T0, TimeRange.parse(Map.of("start", "2025-12-17T19:00:00")).start());
        assertNull(TimeRange.parse(Map.of()).start());
    }

    @Test
    void aBadTimeIsA400NamingTheParameter() {
        var e = assertThrows(BadInputException.class, () -> TimeRange.parse(Map.of("end", "yesterday")));
        assertEquals(400, e.status());
        assertEquals("end", e.field());
    }

    @Test
    void startAfterEndIsA400() {
        var e = assertThrows(BadInputException.class,
                () -> TimeRange.parse(Map.of("start", "2025-12-17T20:00:00Z", "end", "2025-12-17T19:00:00Z")));
        assertEquals(400, e.status());
        assertEquals("start", e.field());
    }
}
