package io.harmony.json;

import java.util.Map;

/** For values decoded from JSON (or a record key) that stay on the heap as long as their component does. */
public final class Decoded {
    private Decoded() {
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

    /**
     * One String per distinct text (interned; the JVM's string table holds them weakly, so text nobody references any
     * more is collected). Each decode makes a new String: a component's id lived once per map of the topology that
     * kept it (measured: 12 Strings per component at 100,000), and names, versions and hosts repeat across a fleet.
     */
    public static String canonical(String s) {
        return s == null ? null : s.intern();
    }
}
