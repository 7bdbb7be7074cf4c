package io.harmony.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class InstantsTest {

    @Test
    void theHandReadFormAgreesWithJavaTimeOnEveryFractionLength() {
        SplittableRandom random = new SplittableRandom(20);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String whole = at.toString(); // 0, 3, 6 or 9 fraction digits, as Instant writes them
            assertEquals(at, Instants.utc(whole), whole);
            // and every other length from 1 to 9, cut from the 9-digit form
            String nine = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace("Z", "")
                    + String.format(".%09dZ", at.getNano());
            int digits = 1 + random.nextInt(9);
            String cut = nine.substring(0, 20 + digits) + "Z";
            assertEquals(Instant.parse(cut), Instants.utc(cut), cut);
            assertEquals(Instant.parse(cut), Instants.parse(cut), cut);
        }
    }

    @Test
    void theHandWrittenFormIsWhatInstantWritesForEveryFractionAndYear() throws Exception {
        SplittableRandom random = new SplittableRandom(21);
        char[] out = new char[30];
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-62_167_219_200L, 253_402_300_800L); // 0000-01-01 to 9999-12-31
            int nano = switch (i % 4) { // 0, 3, 6 and 9 fraction digits alike
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(second, nano);
            assertEquals(at.toString(), new String(out, 0, Instants.write(at, out)));
            assertEquals('"' + at.toString() + '"', Json.mapper().writeValueAsString(at)); // through the mapper
        }
        // years java.time writes otherwise: the serializer hands them to toString()
        for (Instant far : new Instant[] { Instant.MAX, Instant.MIN, Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.5Z") }) {
            assertEquals(-1, Instants.write(far, out));
            assertEquals('"' + far.toString() + '"', Json.mapper().writeValueAsString(far));
        }
    }

    @Test
    void everyOtherFormGoesToJavaTimeWhichDecidesAsBefore() {
        // not the hand-read form: read by java.time
        assertNull(Instants.utc("2026-12-07T12:00:00+01:00"));
        assertEquals(Instant.parse("2026-12-07T11:00:00Z"), Instants.parse("2026-12-07T12:00:00+01:00"));
        assertNull(Instants.utc("2026-12-07T12:00:00.123456"));
        assertEquals(Instant.parse("2026-12-07T12:00:00.123456Z"), Instants.parse(" 2026-12-07T12:00:00.123456 "));
        assertNull(Instants.utc("2026-12-07T24:00:00Z")); // ISO's end of day, which java.time reads as the next midnight
        assertEquals(Instant.parse("2026-12-08T00:00:00Z"), Instants.parse("2026-12-07T24:00:00Z"));
        // the hand-read shape with a date or time that does not exist, or odd digits: java.time's verdict, as before
        for (String odd : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-07T12:60:00Z",
                "2026-12-07T12:00:0xZ", "2026-12-07T12:00:00.Z", "2026-12-07T12:00:00.1234567890Z", "2026-12-31T23:59:60Z"}) {
            assertNull(Instants.utc(odd), odd);
            assertEquals(javaTime(odd), outcome(odd), odd);
        }
    }

    /** What parse answered before the hand-read form: java.time's value, or the exception's class. */
    static Object javaTime(String t) {
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            try {
                return java.time.OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException withZone) {
                try {
                    return java.time.LocalDateTime.parse(t).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    return e.getClass();
                }
            }
        }
    }

    static Object outcome(String t) {
        try {
            return Instants.parse(t);
        } catch (DateTimeParseException e) {
            return e.getClass();
        }
    }
}
