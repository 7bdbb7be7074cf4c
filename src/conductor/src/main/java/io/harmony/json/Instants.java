package io.harmony.json;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

/**
 * The conductor's one way to read a time: ISO-8601 with Z, with an offset, or with no zone at all (read as UTC, as
 * Python's isoformat() sends it). java.time does all of it, but for the form {@code Instant.toString()} writes, which is
 * every time the conductor reads back from its own topics: that one is read by hand ({@link #utc}), java.time's
 * LocalDate still doing the calendar. A cold registration storm's profile (issue 20, JFR) had java.time's parser under
 * 13 % of the stream thread's samples and 27 % of the global thread's (an earlier hand parser had been dropped in issue
 * 17, when no benchmark showed the heartbeat path needing it; the Streams threads were not looked at then).
 */
public final class Instants {
    private Instants() {
    }

    private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    /** The instant {@code text} names; throws DateTimeParseException when it names none. */
    public static Instant parse(String text) {
        String t = text.trim();
        Instant fast = utc(t);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(t); // Z or an offset
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException withZone) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (1 to 9 fraction digits, a 4-digit year): what Instant.toString() writes; null
     * for any other text, which {@link #parse} then hands to java.time (so an invalid date is rejected there, as before).
     */
    static Instant utc(String t) {
        int n = t.length();
        if (n < 20 || n == 21 || n > 30 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-'
                || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':' || (n > 20 && t.charAt(19) != '.')) {
            return null;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 7), day = digits(t, 8, 10);
        int hour = digits(t, 11, 13), minute = digits(t, 14, 16), second = digits(t, 17, 19);
        int fraction = n > 20 ? digits(t, 20, n - 1) : 0; // in units of 10^-(n - 21) s
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || fraction < 0) {
            return null; // a leap second, a 24:00 or a stray character: java.time decides
        }
        long epochDay;
        try {
            epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException noSuchDay) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second,
                n > 20 ? fraction * SCALE[n - 22] : 0);
    }

    /** The decimal number in {@code t[from, to)}, or -1 if a character there is not a digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Every Instant field of every record read through {@link Json#mapper()} goes through {@link #parse}. */
    static final class Deserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return parse(p.getText());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "not an ISO-8601 time");
            }
        }
    }
}
