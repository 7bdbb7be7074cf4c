package io.harmony.metrics;

import java.time.Instant;

/**
 * Keys of the time-keyed stores: {@code <component_id>|<13-digit epoch millis>}. Component ids never hold '|', and the
 * zero padding makes byte order time order, so a range scan from (id, start) to (id, end) answers a query in order.
 */
final class SeriesKeys {
    private SeriesKeys() {
    }

    static String of(String componentId, long epochMillis) {
        String millis = Long.toString(Math.max(0, epochMillis));
        return componentId + "|" + "0".repeat(Math.max(0, 13 - millis.length())) + millis;
    }

    static String of(String componentId, Instant at) {
        return of(componentId, at.toEpochMilli());
    }

    static String componentOf(String key) {
        return key.substring(0, key.lastIndexOf('|'));
    }
}
