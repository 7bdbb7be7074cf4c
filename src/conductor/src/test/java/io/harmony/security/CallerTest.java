package io.harmony.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A component token's instances are known from the id's shape, {@code <component>-<digits>}, with no lookup. */
class CallerTest {
    @Test
    void instancesAreRecognisedByTheirIdsShapeOnly() {
        assertTrue(Caller.isInstanceOf("echo-git-sync-001", "echo-git-sync"));
        assertTrue(Caller.isInstanceOf("a-1234", "a"));
        assertFalse(Caller.isInstanceOf("a-001-001", "a"), "an instance of a-001");
        assertTrue(Caller.isInstanceOf("a-001-001", "a-001"));
        assertFalse(Caller.isInstanceOf("ab-001", "a"));
        assertFalse(Caller.isInstanceOf("a-", "a"));
        assertFalse(Caller.isInstanceOf("a", "a"));
        assertFalse(Caller.isInstanceOf(null, "a"));
    }
}
