package io.harmony.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Every {@code harmony.*} key of the conductor, documented where it is declared (CONTRACT.md, Configuration). */
@ConfigMapping(prefix = "harmony")
public interface HarmonyConfig {

    Heartbeat heartbeat();

    Http http();

    Kafka kafka();

    /** Directory of the embedded broker's logs, the Streams state and the embedded Redis AOF. */
    @WithName("data-dir")
    @WithDefault("./data")
    String dataDir();

    interface Heartbeat {
        /** Seconds between beats; tests use 0.5, which a Duration cannot parse, hence double. */
        @WithDefault("5")
        double interval();

        /** Beats missed before a silent component is degraded. */
        @WithDefault("3")
        int missed();

        /** Seconds from degraded to offline. */
        @WithDefault("30")
        double grace();
    }

    interface Http {
        /** Largest accepted request body in bytes; Quarkus' own (larger) limit stays as a backstop. */
        @WithName("max-body")
        @WithDefault("1048576")
        long maxBody();
    }

    interface Kafka {
        /** Partitions of the keyed topics (registrations, heartbeats, status, messages, requests) when we create them. */
        @WithDefault("6")
        int partitions();
    }
}
