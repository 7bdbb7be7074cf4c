package io.harmony;

import java.util.HashMap;
import java.util.Map;

import io.harmony.embedded.EmbeddedInfra;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the conductor (prod jar and quarkus:dev). It starts the embedded Kafka and Redis that the
 * configuration does not point at before Quarkus reads its configuration, so no Kafka client or the Streams topology
 * ever sees a missing broker.
 */
@QuarkusMain
public class HarmonyMain {

    public static void main(String... args) {
        Map<String, String> sys = new HashMap<>();
        System.getProperties().forEach((k, v) -> sys.put(k.toString(), v.toString()));
        EmbeddedInfra.Plan plan = EmbeddedInfra.Plan.fromConfig(sys, System.getenv());
        // System properties outrank the environment in Quarkus: set only what we started, never over a user's choice.
        EmbeddedInfra.start(plan).forEach(System::setProperty);
        if (!plan.kafka() && System.getProperty("kafka-streams.state.dir") == null) {
            System.setProperty("kafka-streams.state.dir", plan.dataDir().resolve("streams-external").toAbsolutePath().toString());
        }
        try {
            Quarkus.run(args);
        } finally {
            EmbeddedInfra.applicationStopped();
        }
    }
}
