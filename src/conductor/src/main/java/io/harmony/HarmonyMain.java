package io.harmony;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.UUID;
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
        // Quarkus' log manager must own java.util.logging before anything logs: the fast-jar's launcher set this, the
        // uber-jar starts here, and the embedded servers below log before Quarkus does.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        Map<String, String> sys = new HashMap<>();
        System.getProperties().forEach((k, v) -> sys.put(k.toString(), v.toString()));
        boolean training = TrainingRun.requested();
        EmbeddedInfra.Plan plan = training ? TrainingRun.plan() : EmbeddedInfra.Plan.fromConfig(sys, System.getenv());
        // System properties outrank the environment in Quarkus: set only what we started, never over a user's choice.
        EmbeddedInfra.start(plan).forEach(System::setProperty);
        if (!plan.kafka() && System.getProperty("kafka-streams.state.dir") == null) {
            System.setProperty("kafka-streams.state.dir", plan.dataDir().resolve("streams-external").toAbsolutePath().toString());
        }
        staticMembership(plan);
        if (training) {
            TrainingRun.exitWhenServing();
        }
        try {
            Quarkus.run(args);
        } finally {
            EmbeddedInfra.applicationStopped();
        }
    }

    /**
     * A conductor killed with -9 and started again rejoins its Streams group under the same static member id, so the
     * group hands its tasks back at once instead of waiting out the dead member's session. One id per data dir, so
     * replicas (each with its own data dir) never share one.
     */
    private static void staticMembership(EmbeddedInfra.Plan plan) {
        String key = "kafka-streams.main.consumer.group.instance.id";
        if (System.getProperty(key) != null || System.getenv("KAFKA_STREAMS_MAIN_CONSUMER_GROUP_INSTANCE_ID") != null) {
            return;
        }
        try {
            Path file = plan.dataDir().resolve("streams-member-id");
            if (!Files.exists(file)) {
                Files.createDirectories(plan.dataDir());
                Files.writeString(file, "harmony-" + UUID.randomUUID());
            }
            System.setProperty(key, Files.readString(file).trim());
        } catch (IOException e) {
            // Without it the group waits out the session timeout (6 s) after a kill -9: slower, still correct.
        }
    }
}
