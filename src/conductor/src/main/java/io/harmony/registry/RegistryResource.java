package io.harmony.registry;

import jakarta.inject.Inject;
import io.harmony.liveness.Heartbeat;
import io.harmony.security.Caller;
import io.harmony.security.CallerLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestResponse;

/** POST /register and POST /heartbeat. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {

    @Inject RegistryService registry;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @Path("register")
    @APIResponseSchema(value = RegisterResponse.class, responseCode = "201") // the status is set in the body
    public Uni<RestResponse<RegisterResponse>> register(@Valid @NotNull RegisterRequest request, @Context HttpServerRequest http) {
        caller.requireComponent(request.component(), "component");
        limits.write(request.component());
        String remote = http.remoteAddress() == null ? "127.0.0.1" : http.remoteAddress().host();
        // On the event loop: the Redis id and the Kafka ack are awaited without a thread (RegistryService.register).
        return registry.register(request, remote).map(answer -> RestResponse.status(RestResponse.Status.CREATED, answer));
    }

    @POST
    @Path("heartbeat")
    public Uni<HeartbeatAck> heartbeat(Heartbeat heartbeat) {
        // Checked by hand, not with @Valid: see Heartbeat.requireValid. Completes once Kafka acknowledged.
        Heartbeat beat = Heartbeat.requireValid(heartbeat);
        caller.requireInstance(beat.componentId(), "component_id"); // from the id's shape: no lookup on the hot path
        limits.write(ComponentIds.componentOf(beat.componentId()));
        return registry.renew(beat);
    }
}
