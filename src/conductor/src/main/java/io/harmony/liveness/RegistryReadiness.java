package io.harmony.liveness;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.harmony.health.Checks;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The liveness view is loaded and queryable: until then no replica can answer /services or a heartbeat truthfully. */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements AsyncHealthCheck {
    public static final String NAME = "registry";

    private final LivenessQueries queries;

    RegistryReadiness(LivenessQueries queries) {
        this.queries = queries;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> queries.isReady() ? HealthCheckResponse.up(NAME)
                : Checks.down(NAME, "liveness view not loaded (streams " + queries.streamsState() + ")"));
    }
}
