package io.harmony.security;

import org.jboss.resteasy.reactive.RestResponse;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** POST /access-control, GET /access-control, DELETE /access-control/{from}: the admin's. */
@Path("/access-control")
@Produces(MediaType.APPLICATION_JSON)
public class AccessControlResource {
    private final AccessControl access;
    private final Caller caller;
    private final CallerLimits limits;

    AccessControlResource(AccessControl access, Caller caller, CallerLimits limits) {
        this.limits = limits;
        this.access = access;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<AccessRule> configure(@Valid @NotNull AccessRule rule) {
        caller.requireAdmin("configuring access control");
        limits.write(null);
        return RestResponse.status(RestResponse.Status.CREATED, access.configure(rule));
    }

    @GET
    public AccessRuleList list() {
        caller.requireAdmin("listing access control");
        return access.list();
    }

    @DELETE
    @Path("{from}")
    public RestResponse<Void> remove(@PathParam("from") String from) {
        caller.requireAdmin("removing access control");
        limits.write(null);
        access.remove(from);
        return RestResponse.noContent();
    }
}
