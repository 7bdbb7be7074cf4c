package io.harmony.json;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;

/**
 * The conductor's one way to read a time: ISO-8601 with Z, with an offset, or with no zone at all (read as UTC, as
 * Python's isoformat() sends it). java.time does all of it, but for the form {@code Instant.toString()} writes, which is
 * every time the conductor reads back from its own topics: that one is read by hand ({@link #utc}), java.time's
 * LocalDate still doing the calendar. A cold registration storm's profile (issue 20, JFR) had java.time's parser under
 * 13 % of the stream thread's samples and 27 % of the global thread's (an earlier hand parser had been dropped in issue
 * 17, when no benchmark showed the heartbeat path needing it; the Streams threads were not looked at then).
 * Writing is by hand too ({@link #write}), in the same form: at 2,000 beats/s java.time's formatter made ~12 % of the
 * stream thread's allocation, over half of what its JSON writing allocated (async-profiler, alloc; a status, a
 * changelog entry and a metrics point carry one to four times each), and ~4 % of the event loop's.
 */
public final class Instants {
    private Instants() {
    }

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in epoch seconds: the years written with four digits. */
    private static final long YEAR_0 = -62_167_219_200L, YEAR_10000 = 253_402_300_800L;

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

    /**
     * Writes exactly what {@code t.toString()} writes ({@code yyyy-MM-ddTHH:mm:ss}, then 3, 6 or 9 fraction digits
     * when there is a fraction, then {@code Z}) into {@code out}, and answers its length; years outside 0-9999 (which
     * java.time writes with a sign or more digits) answer -1, and the caller falls back to toString().
     */
    static int write(Instant t, char[] out) {
        long seconds = t.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return -1;
        }
        int ofDay = (int) Math.floorMod(seconds, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, ofDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, ofDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, ofDay % 60, 2);
        int n = 19;
        int nano = t.getNano();
        if (nano > 0) {
            out[n++] = '.';
            if (nano % 1_000_000 == 0) {
                put(out, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1_000 == 0) {
                put(out, n, nano / 1_000, 6);
                n += 6;
            } else {
                put(out, n, nano, 9);
                n += 9;
            }
        }
        out[n++] = 'Z';
        return n;
    }

    /** {@code value} as exactly {@code width} decimal digits at {@code out[at]}, zero-padded. */
    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Every Instant field of every record written through {@link Json#mapper()} (and REST) goes through {@link #write}. */
    static final class Serializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            char[] text = new char[30];
            int n = write(value, text);
            if (n < 0) {
                gen.writeString(value.toString());
            } else {
                gen.writeString(text, 0, n);
            }
        }
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
