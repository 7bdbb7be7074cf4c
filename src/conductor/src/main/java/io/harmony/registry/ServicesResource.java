package io.harmony.registry;

import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.harmony.openapi.ApiDocs;
import io.harmony.commands.CommandAccepted;
import io.harmony.commands.CommandRequest;
import io.harmony.commands.CommandService;
import io.harmony.commands.CommandsList;
import io.harmony.commands.IssuedCommand;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.LivenessQueries;
import io.harmony.liveness.Registration;
import io.harmony.liveness.Status;
import io.harmony.security.Caller;
import io.harmony.security.CallerLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Service discovery: GET /services (filters), GET /services/{id}, DELETE /services/{id}; an instance's heartbeat commands. */
@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.REGISTRY)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
public class ServicesResource {

    @Inject LivenessQueries queries;
    @Inject RegistryService registry;
    @Inject CommandService commands;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @GET
    @Operation(summary = "Discover instances", description = "Every registered instance, filtered by component name, "
            + "capability and status (healthy, degraded or offline).")
    @APIResponse(responseCode = "200", description = "The matching instances",
            content = @Content(schema = @Schema(implementation = ServiceList.class),
                    examples = @ExampleObject(name = "services", value = ApiDocs.SERVICES)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    public ServiceList list(@QueryParam("component") String component,
            @QueryParam("capability") String capability, @QueryParam("status") String status) {
        Status wanted = status == null ? null : Status.parse(status, "status");
        Stream<ComponentStatus> all = (component == null ? queries.all() : queries.ofComponent(component)).stream();
        Instant now = Instant.now();
        List<Registration> services = all
                .filter(s -> capability == null || (s.capabilities() != null && s.capabilities().contains(capability)))
                .filter(s -> wanted == null || s.status() == wanted)
                .map(s -> queries.describe(s, now))
                .toList();
        return new ServiceList(services);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One instance")
    @APIResponse(responseCode = "200", description = "The instance",
            content = @Content(schema = @Schema(implementation = Registration.class),
                    examples = @ExampleObject(name = "service", value = ApiDocs.SERVICE)))
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_COMPONENT)
    public Registration get(@PathParam("id") String id) {
        return queries.find(id).map(s -> queries.describe(s, Instant.now())).orElseThrow(() -> new UnknownComponentException(id));
    }

    @POST
    @Path("{id}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a heartbeat command to an instance", description = "The instance's next acks, on any "
            + "replica, carry the command until a beat reports its outcome (events command-completed, command-failed).")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "sync-now", value = ApiDocs.COMMAND_REQUEST)))
    @APIResponse(responseCode = "202", description = "Accepted: handed out with the next acks",
            content = @Content(schema = @Schema(implementation = CommandAccepted.class),
                    examples = @ExampleObject(name = "accepted", value = ApiDocs.COMMAND_ACCEPTED)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_COMPONENT)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    public RestResponse<CommandAccepted> issue(@PathParam("id") String id, @Valid @NotNull CommandRequest request) {
        caller.requireInstance(id, "component_id"); // a component commands its own instances; others' need the admin
        limits.write(ComponentIds.componentOf(id));
        registry.requireKnown(id);
        IssuedCommand issued = commands.issue(id, request);
        return RestResponse.status(RestResponse.Status.ACCEPTED, new CommandAccepted(issued.commandId()));
    }

    @GET
    @Path("{id}/commands")
    @Operation(summary = "An instance's heartbeat commands", description = "What is still handed out, and the 20 newest "
            + "outcomes, newest first.")
    @APIResponse(responseCode = "200", description = "Pending commands and latest results",
            content = @Content(schema = @Schema(implementation = CommandsList.class),
                    examples = @ExampleObject(name = "one done", value = ApiDocs.COMMANDS)))
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_COMPONENT)
    public CommandsList commands(@PathParam("id") String id) {
        registry.requireKnown(id);
        return commands.list(id);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Deregister an instance", description = "Graceful: GET /services/{id} is 404 once this answers; "
            + "the instance's commands are dropped.")
    @APIResponse(responseCode = "204", description = "Deregistered")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_COMPONENT)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    public RestResponse<Void> deregister(@PathParam("id") String id) {
        caller.requireInstance(id, "component_id");
        limits.write(ComponentIds.componentOf(id));
        registry.deregister(id);
        return RestResponse.noContent();
    }
}
