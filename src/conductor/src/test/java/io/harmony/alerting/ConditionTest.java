package io.harmony.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionTest {

    private static Condition.Evaluation eval(String condition, double value) {
        return Condition.parse(condition).evaluate(Map.of("m", value), "healthy");
    }

    @Test
    void seedConditionFiresAboveFiveAndReportsTheValue() {
        Condition condition = Condition.parse("errors_per_minute > 5");

        assertEquals("errors_per_minute", condition.metric());
        assertFalse(condition.isStatus());
        assertEquals("errors_per_minute > 5", condition.text());
        assertEquals(new Condition.Evaluation(true, 7.0), condition.evaluate(Map.of("errors_per_minute", 7.0), "healthy"));
        assertEquals(new Condition.Evaluation(false, 5.0), condition.evaluate(Map.of("errors_per_minute", 5.0), "healthy"));
    }

    @ParameterizedTest(name = "m {0} 5 with m = {1} holds: {2}")
    @CsvSource({
            ">,  5.1, true", ">,  5, false", ">,  4.9, false",
            ">=, 5.1, true", ">=, 5, true",  ">=, 4.9, false",
            "<,  5.1, false", "<,  5, false", "<,  4.9, true",
            "<=, 5.1, false", "<=, 5, true",  "<=, 4.9, true",
            "==, 5.1, false", "==, 5, true",  "==, 4.9, false",
            "!=, 5.1, true", "!=, 5, false", "!=, 4.9, true",
    })
    void everyOperatorAtItsBoundary(String op, double value, boolean holds) {
        assertEquals(holds, eval("m " + op + " 5", value).holds());
        assertEquals(holds, eval("m" + op + "5", value).holds(), "without spaces");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "errors_per_minute>5        | errors_per_minute > 5",
            "  cpu.load:1m-avg >=  0.75 | cpu.load:1m-avg >= 0.75",
            "temp < -1.5e3              | temp < -1.5e3",
            "x!=+2E-3                   | x != +2E-3",
            "_q == .5                   | _q == .5",
            "status==OFFLINE            | status == offline",
            "status != healthy          | status != healthy",
    })
    void textIsNormalized(String condition, String text) {
        assertEquals(text, Condition.parse(condition).text());
    }

    @Test
    void negativeFractionalAndExponentNumbersCompareByValue() {
        assertTrue(eval("m < -1.5e3", -1501).holds());
        assertFalse(eval("m < -1.5e3", -1500).holds());
        assertTrue(eval("m >= 2.5E-1", 0.25).holds());
        assertTrue(eval("m == 3.", 3).holds());
        assertTrue(eval("m > -.5", 0).holds());
    }

    @Test
    void statusDegradedMatchesOnlyDegraded() {
        Condition degraded = Condition.parse("status == degraded");

        assertTrue(degraded.isStatus());
        assertEquals("status", degraded.metric());
        assertEquals(new Condition.Evaluation(true, null), degraded.evaluate(Map.of(), "degraded"));
        assertFalse(degraded.evaluate(Map.of(), "offline").holds());
        assertFalse(degraded.evaluate(Map.of(), "healthy").holds());
        assertTrue(Condition.parse("status != healthy").evaluate(Map.of(), "offline").holds());
        assertFalse(Condition.parse("status != healthy").evaluate(Map.of(), "healthy").holds());
    }

    @Test
    void unknownStatusDoesNotHold() {
        assertFalse(Condition.parse("status == offline").evaluate(Map.of(), null).holds());
        assertFalse(Condition.parse("status != offline").evaluate(Map.of(), null).holds());
    }

    @Test
    void missingMetricDoesNotHoldEvenForNotEquals() {
        Condition condition = Condition.parse("errors_per_minute != 5");

        assertEquals(new Condition.Evaluation(false, null), condition.evaluate(Map.of("cpu", 1.0), "healthy"));
        assertEquals(new Condition.Evaluation(false, null), condition.evaluate(null, "healthy"));
    }

    @Test
    void parsedConditionsAreEqualByNormalText() {
        assertEquals(Condition.parse("a>5"), Condition.parse(" a  >  5 "));
    }

    @ParameterizedTest(name = "[{0}] fails at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "errors_per_minute 5        | 19 | expected an operator (> >= < <= == !=)",
            "errors_per_minute > 5 abc  | 23 | expected the end of the condition",
            "errors_per_minute >        | 20 | expected a number",
            "errors_per_minute > x      | 21 | expected a number",
            "errors_per_minute = 5      | 19 | expected an operator",
            "errors_per_minute >> 5     | 20 | expected a number",
            "5 > errors                 | 1  | expected a metric name or status",
            "> 5                        | 1  | expected a metric name or status",
            "m > 1e                     | 7  | expected the digits of an exponent",
            "m > 1e400                  | 5  | expected a finite number",
            "m > -                      | 5  | expected a number",
            "m > NaN                    | 5  | expected a number",
            "m > 5 and n < 3            | 7  | expected the end of the condition",
            "status > offline           | 8  | expected == or != (a status has no order)",
            "status >= offline          | 8  | expected == or != (a status has no order)",
            "status == sleeping         | 11 | expected a status (healthy, degraded, offline)",
            "status == 1                | 11 | expected a status (healthy, degraded, offline)",
            "status == offline!         | 18 | expected the end of the condition",
    })
    void badConditionsNameThePositionAndWhatWasExpected(String condition, int position, String expected) {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> Condition.parse(condition));

        assertEquals("condition", e.field());
        assertEquals(position, e.position());
        assertTrue(e.getMessage().startsWith("condition: " + expected), e.getMessage());
        assertTrue(e.getMessage().contains("at position " + position + " in \"" + condition + "\""), e.getMessage());
    }

    @Test
    void missingOperatorMessageReadsInFull() {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> Condition.parse("errors_per_minute 5"));

        assertEquals("condition: expected an operator (> >= < <= == !=) at position 19 in \"errors_per_minute 5\"", e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "\t\n" })
    void blankConditionIsRefused(String condition) {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> Condition.parse(condition));

        assertEquals("condition", e.field());
        assertEquals(1, e.position());
    }

    @Test
    void hugeConditionIsQuotedShortened() {
        String condition = "m > 5 " + "x".repeat(10_000);

        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> Condition.parse(condition));

        assertEquals(7, e.position());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }
}
