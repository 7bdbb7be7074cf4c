package io.harmony.events;

import java.util.List;
import java.util.regex.Pattern;

import io.harmony.errors.InvalidInputException;

/** Subscription patterns: {@code *} matches any run of characters, every other character is literal. */
public final class EventPattern {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:*-]{1,128}");

    private final List<Pattern> patterns;

    private EventPattern(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /** Comma-separated patterns; none (null or blank) means every event. */
    public static EventPattern parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return new EventPattern(List.of());
        }
        List<Pattern> compiled = java.util.Arrays.stream(spec.split(",")).map(String::trim).map(p -> {
            if (!ALLOWED.matcher(p).matches()) {
                throw new InvalidInputException("event_type", "bad pattern '" + p + "': use letters, digits, '.', '_', ':', '-' and '*'");
            }
            String regex = java.util.Arrays.stream(p.split("\\*", -1)).map(Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*"));
            return Pattern.compile(regex);
        }).toList();
        return new EventPattern(compiled);
    }

    public boolean matches(String eventType) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(eventType).matches()) {
                return true;
            }
        }
        return false;
    }
}
