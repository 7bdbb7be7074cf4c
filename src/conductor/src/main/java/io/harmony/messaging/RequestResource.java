package io.harmony.messaging;

import jakarta.inject.Inject;
import java.time.Duration;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.openapi.ApiDocs;
import io.harmony.errors.InvalidInputException;
import io.harmony.security.AccessControl;
import io.harmony.security.Caller;
import io.harmony.security.ForbiddenException;
import io.harmony.security.CallerLimits;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** POST /request, and the HTTP side of a target: GET /requests/receive, POST /requests/{id}/reply. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.MESSAGING)
@APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
@APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
public class RequestResource {
    @Inject RequestReplyService service;
    @Inject Caller caller;
    @Inject AccessControl access;
    @Inject CallerLimits limits;

    @POST
    @Path("request")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a request and wait for the reply", description = "Routed round robin to a healthy "
            + "instance of to; the component answers (the conductor never does). timeout_seconds > 0 and <= 60 (default 10).")
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(content = @Content(
            examples = @ExampleObject(name = "get-sync-status", value = ApiDocs.REQUEST)))
    @APIResponse(responseCode = "200", description = "The reply, which instance gave it, and the round trip",
            content = @Content(schema = @Schema(implementation = RequestAnswer.class),
                    examples = @ExampleObject(name = "ok", value = ApiDocs.REQUEST_ANSWER)))
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_TARGET)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocs.NO_HEALTHY_INSTANCE)
    @APIResponse(responseCode = "504", ref = ApiDocs.REQUEST_TIMEOUT)
    public Uni<RequestAnswer> request(@Valid @NotNull RequestBody body) {
        io.harmony.json.Json.requireFinite(body.payload(), "payload");
        caller.requireComponent(body.from(), "from");
        access.requireRead(body.from(), body.to(), "to");
        limits.write(body.from());
        return service.request(body);
    }

    @GET
    @Path("requests/receive")
    @Operation(summary = "Receive requests over HTTP (the target's side)", description = "component is a component name "
            + "(requests routed to any of its instances) or an instance id (only its own); wait_seconds long-polls.")
    @APIResponse(responseCode = "200", description = "The requests to answer (none when the wait ended empty)",
            content = @Content(schema = @Schema(implementation = HandedOutRequests.class),
                    examples = @ExampleObject(name = "one request", value = ApiDocs.HANDED_OUT)))
    public Uni<HandedOutRequests> receive(@QueryParam("component") String component,
            @QueryParam("wait_seconds") String waitSeconds) {
        String instance = QueryParams.component(component, "component");
        caller.requireComponentOrInstance(instance, "component");
        int wait = QueryParams.clampedInt(waitSeconds, "wait_seconds", 0, service.maxWait(), 0);
        return service.receive(instance, Duration.ofSeconds(wait)).map(HandedOutRequests::new);
    }

    @POST
    @Path("requests/{request_id}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reply to a request", description = "Body {\"response\": any JSON}; reaches the waiting caller "
            + "on whichever replica it waits.")
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "response",
                    properties = @SchemaProperty(name = "response", description = "any JSON")),
            examples = @ExampleObject(name = "synced", value = ApiDocs.REPLY)))
    @APIResponse(responseCode = "200", description = "The reply is on its way to the caller",
            content = @Content(schema = @Schema(implementation = ReplyDelivered.class),
                    examples = @ExampleObject(name = "delivered", value = ApiDocs.REPLY_DELIVERED)))
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_REQUEST)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    public Uni<ReplyDelivered> reply(@PathParam("request_id") String requestId, JsonNode body) {
        if (body == null || !body.isObject() || !body.has("response")) {
            throw new InvalidInputException("response", "body must be {\"response\": ...}");
        }
        io.harmony.json.Json.requireFinite(body.get("response"), "response");
        limits.write(null);   // a reply names no component; with auth on, the token is what counts
        if (caller.admin() || caller.component().isEmpty()) {
            return service.reply(requestId, body.get("response"));
        }
        // A component token replies only to requests routed to one of its instances. Read here, checked in the
        // callback without the request-scoped Caller (which another thread may not see).
        String component = caller.component().get();
        return service.routedTo(requestId).flatMap(instance -> {
            if (instance != null && !Caller.isInstanceOf(instance, component)) {
                throw new ForbiddenException("request_id", "this token acts for " + component + "; request " + requestId
                        + " was routed to " + instance);
            }
            return service.reply(requestId, body.get("response")); // unknown or expired: its 404
        });
    }
}
