package io.harmony.health;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.mutiny.Uni;

/**
 * What the conductor's readiness checks share: each answers within {@link #BOUND} (GET /health answers within 1 s,
 * CONTRACT.md), and a DOWN carries its reason, which /health shows as {@code "DOWN: <reason>"}.
 */
public final class Checks {
    public static final Duration BOUND = Duration.ofMillis(800);
    /** The checks of GET /health, in its order (CONTRACT.md); each is a @Readiness bean beside what it checks. */
    public static final String KAFKA = "kafka";
    public static final String REDIS = "redis";
    public static final String REGISTRY = "registry";
    public static final List<String> CONTRACT = List.of(KAFKA, REDIS, REGISTRY);
    /** The data key of a DOWN check's reason. */
    public static final String REASON = "reason";

    private Checks() {
    }

    /** UP when {@code probe} answers in time with no failure; otherwise DOWN with why. */
    public static Uni<HealthCheckResponse> bounded(String name, Uni<?> probe) {
        return probe.map(ignored -> HealthCheckResponse.up(name))
                .ifNoItem().after(BOUND).recoverWithItem(() -> down(name, "no answer within " + BOUND.toMillis() + " ms"))
                .onFailure().recoverWithItem(e -> down(name, String.valueOf(e.getMessage())));
    }

    public static HealthCheckResponse down(String name, String reason) {
        return HealthCheckResponse.named(name).down().withData(REASON, reason).build();
    }
}
