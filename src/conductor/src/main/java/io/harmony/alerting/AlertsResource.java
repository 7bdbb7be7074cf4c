package io.harmony.alerting;

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
@Tag(name = ApiDocs.ALERTING)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
public class AlertsResource {
    @Inject AlertRules rules;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @Path("configure")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Configure an alert rule (admin)", description = "condition: <metric> <op> <number> (op one of "
            + "> >= < <= == !=) or status == healthy|degraded|offline; components are names (empty = all); channels webhook, "
            + "slack, email, log. A rule of the same name is replaced.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "high-error-rate", value = ApiDocs.ALERT)))
    @APIResponse(responseCode = "201", description = "The rule as stored",
            content = @Content(schema = @Schema(implementation = AlertConfigured.class),
                    examples = @ExampleObject(name = "configured", value = ApiDocs.ALERT_CONFIGURED)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    public Uni<RestResponse<AlertConfigured>> configure(@NotNull @Valid AlertRequest request) {
        caller.requireAdmin("configuring alert rules");
        limits.write(null);   // alert rules name no component; with auth on, the token is what counts
        return rules.configure(request).map(r -> RestResponse.status(RestResponse.Status.CREATED, AlertConfigured.of(r)));
    }

    @GET
    @Operation(summary = "Alert rules and their state", description = "Every rule, the built-in component-degraded first, "
            + "each with state ok, pending or firing: the worst across its components.")
    @APIResponse(responseCode = "200", description = "The rules",
            content = @Content(schema = @Schema(implementation = AlertRuleList.class),
                    examples = @ExampleObject(name = "two rules", value = ApiDocs.ALERTS)))
    public AlertRuleList list() {
        return rules.list();
    }

    @GET
    @Path("active")
    @Operation(summary = "Firing alerts", description = "One per rule and instance, oldest first.")
    @APIResponse(responseCode = "200", description = "What fires now",
            content = @Content(schema = @Schema(implementation = ActiveAlertList.class),
                    examples = @ExampleObject(name = "one firing", value = ApiDocs.ACTIVE_ALERTS)))
    public ActiveAlertList active() {
        return rules.active();
    }

    @DELETE
    @Path("{alert_name}")
    @Operation(summary = "Delete an alert rule (admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_ALERT)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
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
