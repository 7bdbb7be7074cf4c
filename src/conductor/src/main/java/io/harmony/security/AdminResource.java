package io.harmony.security;

import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
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

/**
 * The admin's endpoints: component tokens (POST/GET /tokens, DELETE /tokens/{token_id}) and access control between
 * components (POST/GET /access-control, DELETE /access-control/{from}). Every one needs the admin token when auth is on.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject TokenService tokens;
    @Inject AccessControl access;
    @Inject Caller caller;
    @Inject CallerLimits limits;

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = IssuedToken.class, responseCode = "201") // the status is set in the body
    public RestResponse<IssuedToken> issue(@Valid @NotNull TokenRequest request) {
        adminWrite("issuing tokens");
        return RestResponse.status(RestResponse.Status.CREATED, tokens.issue(request));
    }

    @GET
    @Path("tokens")
    public TokenList tokens() {
        caller.requireAdmin("listing tokens");
        return tokens.list();
    }

    @DELETE
    @Path("tokens/{token_id}")
    public RestResponse<Void> revoke(@PathParam("token_id") String tokenId) {
        adminWrite("revoking tokens");
        tokens.revoke(tokenId);
        return RestResponse.noContent();
    }

    @POST
    @Path("access-control")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = AccessRule.class, responseCode = "201") // the status is set in the body
    public RestResponse<AccessRule> configure(@Valid @NotNull AccessRule rule) {
        adminWrite("configuring access control");
        return RestResponse.status(RestResponse.Status.CREATED, access.configure(rule));
    }

    @GET
    @Path("access-control")
    public AccessRuleList rules() {
        caller.requireAdmin("listing access control");
        return access.list();
    }

    @DELETE
    @Path("access-control/{from}")
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
