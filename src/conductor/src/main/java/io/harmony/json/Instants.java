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
 * Python's isoformat() sends it). java.time does all of it; an earlier hand-written parser for the Z form was dropped
 * because no benchmark showed the heartbeat path needing it (issue 17: bench figures before and after).
 */
public final class Instants {
    private Instants() {
    }

    /** The instant {@code text} names; throws DateTimeParseException when it names none. */
    public static Instant parse(String text) {
        String t = text.trim();
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
