package io.harmony.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DeadlineIndexTest {

    @Test
    void pollsOnlyWhatIsDueInDeadlineOrder() {
        DeadlineIndex index = new DeadlineIndex();
        index.put("b", 200);
        index.put("a", 100);
        index.put("c", 300);
        index.put("a", 250); // a renewal moves the deadline
        assertNull(index.pollDue(199));
        assertEquals("b", index.pollDue(260).componentId());
        assertEquals("a", index.pollDue(260).componentId());
        assertNull(index.pollDue(260));
        index.remove("c");
        assertNull(index.pollDue(10_000));
        assertEquals(0, index.size());
    }
}
