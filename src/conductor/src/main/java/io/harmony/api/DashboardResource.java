package io.harmony.api;

import jakarta.inject.Inject;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.harmony.liveness.DetectionLag;
import io.harmony.liveness.LivenessQueries;
import io.harmony.openapi.ApiDocs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /dashboard: every component's status and latest metrics (JSON; the page at GET / is static, META-INF/resources). */
@Path("/")
@Tag(name = ApiDocs.HEALTH)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class DashboardResource {

    @Inject LivenessQueries queries;
    @Inject DetectionLag detectionLag;

    @GET
    @Path("dashboard")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every component's status and latest metrics", description = "overall_status is healthy when "
            + "all are healthy, degraded when any is degraded or offline, empty when none is registered.")
    @APIResponse(responseCode = "200", description = "The overview",
            content = @Content(schema = @Schema(implementation = Dashboard.class),
                    examples = @ExampleObject(name = "one component", value = ApiDocs.DASHBOARD)))
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Dashboard dashboard() {
        return Dashboard.of(queries.all(), Instant.now(), detectionLag.p99Seconds());
    }
}
