package io.harmony.registry;

import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

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
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestResponse;

/** Service discovery: GET /services (filters), GET /services/{id}, DELETE /services/{id}; an instance's heartbeat commands. */
@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {

    @Inject LivenessQueries queries;
    @Inject RegistryService registry;
    @Inject CommandService commands;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @GET
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
    public Registration get(@PathParam("id") String id) {
        return queries.find(id).map(s -> queries.describe(s, Instant.now())).orElseThrow(() -> new UnknownComponentException(id));
    }

    @POST
    @Path("{id}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = CommandAccepted.class, responseCode = "202") // the status is set in the body
    public RestResponse<CommandAccepted> issue(@PathParam("id") String id, @Valid @NotNull CommandRequest request) {
        caller.requireInstance(id, "component_id"); // a component commands its own instances; others' need the admin
        limits.write(ComponentIds.componentOf(id));
        registry.requireKnown(id);
        IssuedCommand issued = commands.issue(id, request);
        return RestResponse.status(RestResponse.Status.ACCEPTED, new CommandAccepted(issued.commandId()));
    }

    @GET
    @Path("{id}/commands")
    public CommandsList commands(@PathParam("id") String id) {
        registry.requireKnown(id);
        return commands.list(id);
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> deregister(@PathParam("id") String id) {
        caller.requireInstance(id, "component_id");
        limits.write(ComponentIds.componentOf(id));
        return registry.deregister(id).map(done -> RestResponse.noContent());
    }
}
