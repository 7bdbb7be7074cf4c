package io.harmony;

import java.time.Duration;

import io.harmony.config.HarmonyConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** harmony.* as the running conductor reads it, for tests that build their objects without Quarkus. */
public final class HarmonyConfigs {
    private HarmonyConfigs() {
    }

    /** A config builder with the HarmonyConfig mapping and Quarkus' "1h" style durations; the caller adds its sources. */
    public static SmallRyeConfigBuilder builder() {
        return new SmallRyeConfigBuilder().withMapping(HarmonyConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter());
    }
}
