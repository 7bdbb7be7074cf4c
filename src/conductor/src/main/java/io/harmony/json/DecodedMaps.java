package io.harmony.json;

import java.util.Map;

/** For maps decoded from JSON that stay on the heap as long as their component does. */
public final class DecodedMaps {
    private DecodedMaps() {
    }

    /**
     * An immutable, compact copy: Jackson decodes every JSON object into a LinkedHashMap (~220 bytes with two
     * entries, ~75 as a copy), and the sweeper and the alert evaluator keep one per component (measured at 100,000
     * components: 3.7 LinkedHashMaps each). Its order is not the decoded one, so only for maps read by name. A map
     * with a null value (which the copy cannot hold) is kept as it is.
     */
    public static <K, V> Map<K, V> compact(Map<K, V> decoded) {
        if (decoded == null || decoded.isEmpty()) {
            return decoded == null ? null : Map.of();
        }
        for (Map.Entry<K, V> e : decoded.entrySet()) { // not containsValue(null): an immutable map throws on it
            if (e.getKey() == null || e.getValue() == null) {
                return decoded;
            }
        }
        return Map.copyOf(decoded);
    }
}
