package io.harmony.api;

import jakarta.inject.Inject;
import java.time.Instant;

import io.harmony.liveness.DetectionLag;
import io.harmony.liveness.LivenessQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /dashboard: every component's status and latest metrics (JSON; the page at GET / is static, META-INF/resources). */
@Path("/")
public class DashboardResource {

    @Inject LivenessQueries queries;
    @Inject DetectionLag detectionLag;

    @GET
    @Path("dashboard")
    @Produces(MediaType.APPLICATION_JSON)
    public Dashboard dashboard() {
        return Dashboard.of(queries.all(), Instant.now(), detectionLag.p99Seconds());
    }
}
