package io.harmony.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.harmony.kafka.KafkaNames.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The views count as loaded from the global thread's replay, as the running conductor wires it (not a stand-in). */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class ViewsReadyTest {
    @Inject GlobalRestores restores;
    @Inject KafkaClients kafka;
    @Inject ViewsReady ready;

    @Test
    void theStreamsExtensionTellsTheRestoreListenerOfEveryViewsReplay() {
        // Each view's topic was described at start...
        assertEquals(Set.copyOf(Stores.GLOBAL_VIEWS.values()), kafka.viewPartitions().keySet());
        // ...and the extension handed GlobalRestores to Streams, which reported every partition of every view. If it
        // did not, nothing would fail: reads would wait for RUNNING, a second or more later after each restart.
        await().atMost(Duration.ofSeconds(60)).until(() -> restores.allReplayed(kafka.viewPartitions()));
        assertTrue(ready.loaded());
    }
}
