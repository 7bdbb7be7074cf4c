package io.harmony.events;

import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.harmony.openapi.ApiDocs;
import io.harmony.security.Caller;
import io.harmony.security.CallerLimits;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** POST /broadcast: an event for every subscriber whose pattern matches. */
@Path("/broadcast")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.EVENTS)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class BroadcastResource {
    @Inject EventPublisher publisher;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @Operation(summary = "Broadcast an event", description = "Every subscriber whose pattern matches event_type gets it "
            + "on GET /events/subscribe; broadcasts are not subject to access control.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "entity-created", value = ApiDocs.BROADCAST)))
    @APIResponse(responseCode = "202", description = "Published on harmony.events",
            content = @Content(schema = @Schema(implementation = BroadcastAccepted.class),
                    examples = @ExampleObject(name = "broadcast", value = ApiDocs.BROADCAST_ACCEPTED)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<RestResponse<BroadcastAccepted>> broadcast(@Valid @NotNull BroadcastRequest request) {
        caller.requireComponent(request.from(), "from"); // broadcasts are not subject to access control, only to identity
        io.harmony.json.Json.requireFinite(request.data(), "data");
        limits.write(request.from());
        return Uni.createFrom().completionStage(publisher.broadcast(request.from(), request.eventType(), FreeFormData.of(request.data())))
                .map(event -> RestResponse.status(RestResponse.Status.ACCEPTED, BroadcastAccepted.of(event)));
    }
}
