package io.harmony.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class IsoInstantsTest {

    @Test
    void readsAndWritesWhatInstantDoesAtEveryPrecision() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            // 0001-01-01 .. 9999-12-31, whole seconds, millis, micros and nanos (Instant.toString trims zeros)
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant expected = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(expected.toString(), IsoInstants.format(expected));
            assertEquals(expected, IsoInstants.parseUtc(expected.toString()), expected.toString());
        }
    }

    @Test
    void leapDaysAndShortFractions() {
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), IsoInstants.parseUtc("2024-02-29T23:59:59Z"));
        assertEquals(Instant.parse("2000-02-29T00:00:00.5Z"), IsoInstants.parseUtc("2000-02-29T00:00:00.5Z"));
        assertEquals(Instant.parse("1969-12-31T23:59:59.12Z"), IsoInstants.parseUtc("1969-12-31T23:59:59.12Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-28T24:00:00Z", "2026-11-28T10:60:00Z", "2026-11-28T10:00:60Z", "2026-11-28T10:00:00.Z",
            "2026-11-28T10:00:00.1234567890Z", "2026-11-28T10:00:00+01:00", "2026-11-28T10:00:00", "2026-11-28 10:00:00Z",
            "2026-11-2xT10:00:00Z", "+12026-11-28T10:00:00Z", "2026-11-28T10:00Z", "" })
    void anythingElseIsLeftToJackson(String text) {
        assertNull(IsoInstants.parseUtc(text));
    }

    @Test
    void yearsOutsideFourDigitsAreWrittenByInstant() {
        for (Instant far : new Instant[] { Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00.000000001Z"), Instant.EPOCH }) {
            assertEquals(far.toString(), IsoInstants.format(far));
        }
    }

    @Test
    void theMapperWritesInstantsAsBefore() throws Exception {
        Instant at = Instant.parse("2026-11-28T03:10:53.120Z");
        assertEquals("\"2026-11-28T03:10:53.120Z\"", Json.mapper().writeValueAsString(at));
    }

    @Test
    void theMapperStillReadsOffsetsAndRefusesNonsense() throws Exception {
        ObjectMapper mapper = Json.mapper();
        assertEquals(Instant.parse("2026-11-28T09:00:00Z"), mapper.readValue("\"2026-11-28T10:00:00+01:00\"", Instant.class));
        assertEquals(Instant.parse("2026-11-28T10:00:00.250Z"), mapper.readValue("\"2026-11-28T10:00:00.250Z\"", Instant.class));
        assertThrows(JsonMappingException.class, () -> mapper.readValue("\"yesterday\"", Instant.class));
    }
}
