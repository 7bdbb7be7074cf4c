package io.harmony.events;

import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestResponse;

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
public class BroadcastResource {
    @Inject EventPublisher publisher;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @APIResponseSchema(value = BroadcastAccepted.class, responseCode = "202") // the status is set in the body
    public Uni<RestResponse<BroadcastAccepted>> broadcast(@Valid @NotNull BroadcastRequest request) {
        caller.requireComponent(request.from(), "from"); // broadcasts are not subject to access control, only to identity
        io.harmony.json.Json.requireFinite(request.data(), "data");
        limits.write(request.from());
        return Uni.createFrom().completionStage(publisher.broadcast(request.from(), request.eventType(), FreeFormData.of(request.data())))
                .map(event -> RestResponse.status(RestResponse.Status.ACCEPTED, BroadcastAccepted.of(event)));
    }
}
