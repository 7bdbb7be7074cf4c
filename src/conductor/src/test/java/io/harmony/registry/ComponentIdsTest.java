package io.harmony.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The id shape every replica and client relies on: {@code <component>-NNN}, parsed back by its shape alone. */
class ComponentIdsTest {

    @Test
    void padsToThreeDigitsAndNoFurther() {
        assertEquals("sensor-001", ComponentIds.format("sensor", 1));
        assertEquals("sensor-042", ComponentIds.format("sensor", 42));
        assertEquals("sensor-999", ComponentIds.format("sensor", 999));
        assertEquals("sensor-1000", ComponentIds.format("sensor", 1000));
        assertEquals("a-b-123456789012", ComponentIds.format("a-b", 123456789012L));
    }

    @Test
    void readsBackWhatItFormats() {
        for (long n : new long[] {1, 7, 99, 100, 1000, 65536}) {
            String id = ComponentIds.format("storm-3", n);
            assertEquals(n, ComponentIds.number(id));
            assertEquals("storm-3", ComponentIds.componentOf(id));
        }
        assertEquals(0, ComponentIds.number("no-number-here"));
    }
}
