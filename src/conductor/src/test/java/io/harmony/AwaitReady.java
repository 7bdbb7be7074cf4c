package io.harmony;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.harmony.liveness.LivenessQueries;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Before every @QuarkusTest method: wait until the conductor is ready (Streams running, liveness view loaded), as a
 * client would wait for /health. After a profile switch Quarkus restarts and its Streams member rejoins the group,
 * which takes a few seconds that a test's first request must not race.
 */
public class AwaitReady implements QuarkusTestBeforeEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        LivenessQueries queries = Arc.container().instance(LivenessQueries.class).get();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(queries::isReady);
    }
}
