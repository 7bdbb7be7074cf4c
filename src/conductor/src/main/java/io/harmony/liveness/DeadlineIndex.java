package io.harmony.liveness;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Components ordered by their next deadline, so a sweep touches only those whose deadline passed: its cost follows
 * the transitions due, not the number registered (10,000 silent-but-not-due components cost one peek per tick).
 * Derived from the components store and rebuilt when a task starts, so it needs no changelog of its own.
 */
final class DeadlineIndex {

    record Entry(long deadlineMs, String componentId) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int byTime = Long.compare(deadlineMs, o.deadlineMs);
            return byTime != 0 ? byTime : componentId.compareTo(o.componentId);
        }
    }

    private final TreeSet<Entry> byDeadline = new TreeSet<>();
    private final Map<String, Long> deadlines = new HashMap<>();

    void put(String componentId, long deadlineMs) {
        remove(componentId);
        deadlines.put(componentId, deadlineMs);
        byDeadline.add(new Entry(deadlineMs, componentId));
    }

    void remove(String componentId) {
        Long old = deadlines.remove(componentId);
        if (old != null) {
            byDeadline.remove(new Entry(old, componentId));
        }
    }

    /** Removes and answers the earliest entry due at {@code nowMs}, or null when none is. */
    Entry pollDue(long nowMs) {
        if (byDeadline.isEmpty() || byDeadline.first().deadlineMs() > nowMs) {
            return null;
        }
        Entry first = byDeadline.pollFirst();
        deadlines.remove(first.componentId());
        return first;
    }

    int size() {
        return deadlines.size();
    }
}
