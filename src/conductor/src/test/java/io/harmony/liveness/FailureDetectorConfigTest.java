package io.harmony.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.harmony.config.HarmonyConfig;
import io.smallrye.config.EnvConfigSource;
import io.harmony.HarmonyConfigs;

/** harmony.liveness.* as the conductor reads it (the README's keys and environment variables), into LivenessTiming. */
class FailureDetectorConfigTest {

    static LivenessTiming timing(Map<String, String> environment) {
        HarmonyConfig config = HarmonyConfigs.builder()
                .withSources(new EnvConfigSource(environment, 300))
                .build().getConfigMapping(HarmonyConfig.class);
        return LivenessTiming.from(config);
    }

    @Test
    void theFixedRuleIsTheDefaultAndPhiHasAkkasSettings() {
        LivenessTiming timing = timing(Map.of());
        assertEquals(FailureDetector.Type.FIXED, timing.detector());
        assertEquals(FailureDetector.PHI_DEFAULTS, timing.phi());
        assertNull(timing.phiFor(null));
        assertEquals(FailureDetector.PHI_DEFAULTS, timing.phiFor(new FailureDetector(FailureDetector.Type.PHI, null, null, null, null)));
    }

    @Test
    void theEnvironmentMakesPhiTheDefaultWithItsOwnSettings() {
        LivenessTiming timing = timing(Map.of("HARMONY_LIVENESS_FAILURE_DETECTOR", "phi", "HARMONY_LIVENESS_PHI_THRESHOLD", "12",
                "HARMONY_LIVENESS_PHI_WINDOW", "500", "HARMONY_LIVENESS_PHI_MIN_STD_DEV_MS", "50",
                "HARMONY_LIVENESS_PHI_ACCEPTABLE_PAUSE_MS", "1000"));
        FailureDetector configured = FailureDetector.phi(12, 500, 50, 1000);
        assertEquals(configured, timing.phiFor(null));
        // a registration's own settings win, the ones it leaves out are the conductor's, and fixed stays fixed
        assertEquals(FailureDetector.phi(9, 500, 50, 1000), timing.phiFor(new FailureDetector(FailureDetector.Type.PHI, 9.0, null, null, null)));
        assertNull(timing.phiFor(new FailureDetector(FailureDetector.Type.FIXED, null, null, null, null)));
    }
}
