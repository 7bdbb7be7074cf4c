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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.harmony.openapi.ApiDocs;

/** POST /register and POST /heartbeat. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.REGISTRY)
@APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
@APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
@APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
@APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
public class RegistryResource {

    @Inject RegistryService registry;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @Path("register")
    @Operation(summary = "Register a component instance", description = "Registering again with the same component, host "
            + "and port returns the same component_id (a restart) and counts as a beat. host defaults to the caller's address.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "sherlock-hub", value = ApiDocs.REGISTER)))
    @APIResponse(responseCode = "201", description = "Registered; heartbeat every heartbeat_interval seconds",
            content = @Content(schema = @Schema(implementation = RegisterResponse.class),
                    examples = @ExampleObject(name = "registered", value = ApiDocs.REGISTERED)))
    public RestResponse<RegisterResponse> register(@Valid @NotNull RegisterRequest request, @Context HttpServerRequest http) {
        caller.requireComponent(request.component(), "component");
        limits.write(request.component());
        String remote = http.remoteAddress() == null ? "127.0.0.1" : http.remoteAddress().host();
        return RestResponse.status(RestResponse.Status.CREATED, registry.register(request, remote));
    }

    @POST
    @Path("heartbeat")
    @Operation(summary = "Heartbeat of a registered instance", description = "Keeps the instance healthy, records its "
            + "metrics and reports outcomes of heartbeat commands; the ack hands out the commands still pending.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "beat", value = ApiDocs.HEARTBEAT)))
    @APIResponse(responseCode = "200", description = "Acknowledged, with the instance's pending commands",
            content = @Content(schema = @Schema(implementation = HeartbeatAck.class),
                    examples = @ExampleObject(name = "acknowledged", value = ApiDocs.HEARTBEAT_ACK)))
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_COMPONENT)
    public Uni<HeartbeatAck> heartbeat(Heartbeat heartbeat) {
        // Checked by hand, not with @Valid: see Heartbeat.requireValid. Completes once Kafka acknowledged.
        Heartbeat beat = Heartbeat.requireValid(heartbeat);
        caller.requireInstance(beat.componentId(), "component_id"); // from the id's shape: no lookup on the hot path
        limits.write(ComponentIds.componentOf(beat.componentId()));
        return registry.renew(beat);
    }
}
