package io.harmony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import io.harmony.embedded.EmbeddedInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real KRaft broker and a real Redis on free loopback ports, once per test JVM, through the same embedded code
 * the conductor runs. Put on every @QuarkusTest class with scope GLOBAL.
 */
public class EmbeddedInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            var dir = Files.createTempDirectory("harmony-test-");
            return EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, dir, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // No-op on purpose: the JVM hook closes the servers; they are reused across Quarkus restarts in this JVM.
    }
}
