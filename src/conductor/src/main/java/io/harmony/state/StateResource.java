package io.harmony.state;

import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.openapi.ApiDocs;
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
@Tag(name = ApiDocs.STATE)
@APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
public class StateResource {
    @Inject SharedState state;
    @Inject CallerLimits limits;

    @GET
    @Operation(summary = "List keys under a prefix", description = "Keys relative to echo:, sorted (SCAN, never KEYS).")
    @APIResponse(responseCode = "200", description = "The matching keys",
            content = @Content(schema = @Schema(implementation = StateKeyList.class),
                    examples = @ExampleObject(name = "prefix global:", value = ApiDocs.STATE_KEYS)))
    public Uni<StateKeyList> keys(@QueryParam("prefix") String prefix) {
        return state.keys(prefix).map(StateKeyList::new);
    }

    @GET
    @Path("{key: .+}")
    @Operation(summary = "Read a key", description = "key is relative to echo: (global:state is the Redis key "
            + "echo:global:state): 1-512 of [A-Za-z0-9._:-], no '..'. The ETag is the version.")
    @APIResponse(responseCode = "200", description = "The value (JSON when the stored text parses as JSON, else a string)",
            headers = @Header(name = "ETag", description = "\"<version>\"", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = StateEntry.class),
                    examples = @ExampleObject(name = "global:state", value = ApiDocs.STATE_ENTRY)))
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_STATE_KEY)
    public Uni<RestResponse<StateEntry>> get(@PathParam("key") String key) {
        return state.get(key).map(StateResource::withEtag);
    }

    @PUT
    @Path("{key: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write a key (compare-and-set)", description = "Body {\"value\": any JSON}. If-Match: <version> "
            + "(bare or quoted) writes only over that version; If-None-Match: * only when absent. Also PUBLISH echo:{key}.")
    @RequestBody(content = @Content(schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "value",
            properties = @SchemaProperty(name = "value", description = "any JSON")),
            examples = @ExampleObject(name = "maintenance", value = ApiDocs.STATE_PUT)))
    @APIResponse(responseCode = "200", description = "Stored; the new version",
            headers = @Header(name = "ETag", description = "\"<version>\"", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = StateEntry.class),
                    examples = @ExampleObject(name = "stored", value = ApiDocs.STATE_ENTRY)))
    @APIResponse(responseCode = "409", ref = ApiDocs.STATE_CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
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
    @Operation(summary = "Delete a key", description = "Also when absent, unless If-Match names a version.")
    @APIResponse(responseCode = "204", description = "Deleted (or was absent)")
    @APIResponse(responseCode = "409", ref = ApiDocs.STATE_CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
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
