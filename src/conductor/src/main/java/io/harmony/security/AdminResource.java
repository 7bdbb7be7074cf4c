package io.harmony.security;

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

/**
 * The admin's endpoints: component tokens (POST/GET /tokens, DELETE /tokens/{token_id}) and access control between
 * components (POST/GET /access-control, DELETE /access-control/{from}). Every one needs the admin token when auth is on.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.SECURITY)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
public class AdminResource {
    @Inject TokenService tokens;
    @Inject AccessControl access;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a component token (admin)", description = "The token binds its holder to the component "
            + "name. The secret is in this answer only; it is stored hashed.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "sherlock-hub", value = ApiDocs.TOKEN_REQUEST)))
    @APIResponse(responseCode = "201", description = "Issued; usable on every replica",
            content = @Content(schema = @Schema(implementation = IssuedToken.class),
                    examples = @ExampleObject(name = "issued", value = ApiDocs.TOKEN_ISSUED)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public RestResponse<IssuedToken> issue(@Valid @NotNull TokenRequest request) {
        adminWrite("issuing tokens");
        return RestResponse.status(RestResponse.Status.CREATED, tokens.issue(request));
    }

    @GET
    @Path("tokens")
    @Operation(summary = "List live tokens (admin)", description = "Never a secret or hash; oldest first.")
    @APIResponse(responseCode = "200", description = "The live tokens",
            content = @Content(schema = @Schema(implementation = TokenList.class),
                    examples = @ExampleObject(name = "one token", value = ApiDocs.TOKENS)))
    public TokenList tokens() {
        caller.requireAdmin("listing tokens");
        return tokens.list();
    }

    @DELETE
    @Path("tokens/{token_id}")
    @Operation(summary = "Revoke a token (admin)", description = "Refused on every replica within 1 s.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_TOKEN)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public RestResponse<Void> revoke(@PathParam("token_id") String tokenId) {
        adminWrite("revoking tokens");
        tokens.revoke(tokenId);
        return RestResponse.noContent();
    }

    @POST
    @Path("access-control")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the access-control rule of a sender (admin)", description = "Once a rule names from, from may "
            + "only queue-send (write) or request (read; write implies read) to the components in to (* = any). A second "
            + "rule for the same from replaces the first. Broadcasts and subscriptions are not restricted.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "sherlock-hub", value = ApiDocs.ACCESS_RULE)))
    @APIResponse(responseCode = "201", description = "The rule as stored, enforced on every replica within 1 s",
            content = @Content(schema = @Schema(implementation = AccessRule.class),
                    examples = @ExampleObject(name = "stored", value = ApiDocs.ACCESS_RULE)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public RestResponse<AccessRule> configure(@Valid @NotNull AccessRule rule) {
        adminWrite("configuring access control");
        return RestResponse.status(RestResponse.Status.CREATED, access.configure(rule));
    }

    @GET
    @Path("access-control")
    @Operation(summary = "List access-control rules (admin)")
    @APIResponse(responseCode = "200", description = "Every rule, by from",
            content = @Content(schema = @Schema(implementation = AccessRuleList.class),
                    examples = @ExampleObject(name = "one rule", value = ApiDocs.ACCESS_RULES)))
    public AccessRuleList rules() {
        caller.requireAdmin("listing access control");
        return access.list();
    }

    @DELETE
    @Path("access-control/{from}")
    @Operation(summary = "Remove a sender's rule (admin)", description = "from is unrestricted again once this answers.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_ACCESS_RULE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public RestResponse<Void> remove(@PathParam("from") String from) {
        adminWrite("removing access control");
        access.remove(from);
        return RestResponse.noContent();
    }

    /** An admin write: refused to anyone else, and counted against the admin's write limit like any write. */
    private void adminWrite(String what) {
        caller.requireAdmin(what);
        limits.write(null);
    }
}
