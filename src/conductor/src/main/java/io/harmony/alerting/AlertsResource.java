package io.harmony.alerting;

import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestResponse;

import io.harmony.security.Caller;
import io.harmony.security.CallerLimits;
import io.smallrye.mutiny.Uni;
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

/** POST /alerts/configure, GET /alerts, GET /alerts/active, DELETE /alerts/{alert_name}. */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {
    @Inject AlertRules rules;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @Path("configure")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = AlertConfigured.class, responseCode = "201") // the status is set in the body
    public Uni<RestResponse<AlertConfigured>> configure(@NotNull @Valid AlertRequest request) {
        caller.requireAdmin("configuring alert rules");
        limits.write(null);   // alert rules name no component; with auth on, the token is what counts
        return rules.configure(request).map(r -> RestResponse.status(RestResponse.Status.CREATED, AlertConfigured.of(r)));
    }

    @GET
    public AlertRuleList list() {
        return rules.list();
    }

    @GET
    @Path("active")
    public ActiveAlertList active() {
        return rules.active();
    }

    @DELETE
    @Path("{alert_name}")
    public Uni<RestResponse<Void>> delete(@PathParam("alert_name") String name) {
        caller.requireAdmin("deleting alert rules");
        limits.write(null);
        return rules.delete(name).map(found -> {
            if (!found) {
                throw new UnknownAlertException(name);
            }
            return RestResponse.noContent();
        });
    }
}
