package io.harmony.orchestra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harmony.orchestra.Component.BadInputException;
import io.harmony.orchestra.SherlockHub.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SherlockHubTest {
    private static final Entity JOHN = new Entity("entity-1", "Person", "John Doe", List.of());
    private static final Entity ACME = new Entity("entity-2", "Organization", "Acme Corp", List.of("entity-1"));

    private static Entity parse(String json) throws Exception {
        return Entity.parse(Component.JSON.readTree(json));
    }

    @Test
    void searchMatchesNameOrTypeIgnoringCase() {
        assertEquals(List.of(JOHN), SherlockHub.matching(List.of(JOHN, ACME), "JOHN"));
        assertEquals(List.of(ACME), SherlockHub.matching(List.of(JOHN, ACME), "organiz"));
        assertEquals(List.of(JOHN, ACME), SherlockHub.matching(List.of(JOHN, ACME), "o"));
        assertEquals(List.of(), SherlockHub.matching(List.of(JOHN, ACME), "zebra"));
    }

    @Test
    void parsesTheSeedsEntityAndLeavesAMissingIdToBeGenerated() throws Exception {
        Entity entity = parse("{\"entity_type\":\"Person\",\"name\":\"John Doe\",\"relationships\":[\"entity-7\"]}");
        assertNull(entity.entityId());
        assertEquals(new Entity("entity-9", "Person", "John Doe", List.of("entity-7")), entity.withId("entity-9"));
    }

    @Test
    void aMissingOrIllTypedFieldIsA400NamingIt() {
        assertEquals("entity_type", assertThrows(BadInputException.class, () -> parse("{\"name\":\"x\"}")).field());
        assertEquals("name", assertThrows(BadInputException.class,
                () -> parse("{\"entity_type\":\"Person\",\"name\":12345}")).field());
        assertEquals("relationships", assertThrows(BadInputException.class,
                () -> parse("{\"entity_type\":\"Person\",\"name\":\"x\",\"relationships\":[1]}")).field());
    }
}
