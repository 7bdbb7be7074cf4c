package io.harmony.state;

import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.errors.InvalidInputException;
import io.harmony.security.CallerLimits;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * GET/PUT/DELETE /state/{key} and GET /state?prefix=. The key path takes any characters so a bad key is a 400 that
 * says why, not a 404 from routing. Versions travel as ETags too, so HTTP caches and clients read them naturally.
 */
@Path("/state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {
    @Inject SharedState state;
    @Inject CallerLimits limits;

    @GET
    public Uni<StateKeyList> keys(@QueryParam("prefix") String prefix) {
        return state.keys(prefix).map(StateKeyList::new);
    }

    @GET
    @Path("{key: .+}")
    public Uni<RestResponse<StateEntry>> get(@PathParam("key") String key) {
        return state.get(key).map(StateResource::withEtag);
    }

    @PUT
    @Path("{key: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<StateEntry>> put(@PathParam("key") String key, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam("If-None-Match") String ifNoneMatch, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException(null, "the body must be a JSON object {\"value\": <any JSON>}");
        }
        if (!body.has("value")) {
            throw new InvalidInputException("value", "value is required (any JSON)");
        }
        String expected = expectation(ifMatch, ifNoneMatch);
        limits.write(null);   // shared state names no component; with auth on, the token is what counts
        return state.put(key, body.get("value"), expected).map(StateResource::withEtag);
    }

    @DELETE
    @Path("{key: .+}")
    public Uni<RestResponse<Void>> delete(@PathParam("key") String key, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        limits.write(null);
        return state.delete(key, StateValues.ifMatch(ifMatch)).map(v -> RestResponse.noContent());
    }

    private static String expectation(String ifMatch, String ifNoneMatch) {
        String match = StateValues.ifMatch(ifMatch);
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return match;
        }
        if (!ifNoneMatch.trim().equals("*")) {
            throw new InvalidInputException("If-None-Match", "If-None-Match supports only * (create if absent)");
        }
        if (match != null) {
            throw new InvalidInputException("If-None-Match", "If-Match and If-None-Match cannot be combined");
        }
        return SharedState.ABSENT;
    }

    private static RestResponse<StateEntry> withEtag(StateEntry entry) {
        return RestResponse.ResponseBuilder.ok(entry).header(HttpHeaders.ETAG, "\"" + entry.version() + "\"").build();
    }
}
