package io.harmony.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.harmony.errors.InvalidInputException;

class EventPatternTest {
    @Test
    void starMatchesAnyRunAndEverythingElseIsLiteral() {
        assertTrue(EventPattern.parse("entity-*").matches("entity-created"));
        assertFalse(EventPattern.parse("entity-*").matches("other-created"));
        assertTrue(EventPattern.parse("*").matches("anything"));
        assertTrue(EventPattern.parse(null).matches("anything"));
        assertTrue(EventPattern.parse("a.b").matches("a.b"));
        assertFalse(EventPattern.parse("a.b").matches("axb")); // '.' is literal
        assertTrue(EventPattern.parse("state-*,component-*").matches("component-offline"));
        assertTrue(EventPattern.parse("*-created").matches("entity-created"));
        assertThrows(InvalidInputException.class, () -> EventPattern.parse("a b"));
    }
}
