package io.harmony.messaging;

import jakarta.inject.Inject;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

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
public class RequestResource {
    @Inject RequestReplyService service;
    @Inject Caller caller;
    @Inject AccessControl access;
    @Inject CallerLimits limits;

    @POST
    @Path("request")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RequestAnswer> request(@Valid @NotNull RequestBody body) {
        io.harmony.json.Json.requireFinite(body.payload(), "payload");
        caller.requireComponent(body.from(), "from");
        access.requireRead(body.from(), body.to(), "to");
        limits.write(body.from());
        return service.request(body);
    }

    @GET
    @Path("requests/receive")
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
