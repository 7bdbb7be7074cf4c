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

/** POST /tokens, GET /tokens, DELETE /tokens/{token_id}: the admin's. */
@Path("/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {
    private final TokenService tokens;
    private final Caller caller;
    private final CallerLimits limits;

    TokensResource(TokenService tokens, Caller caller, CallerLimits limits) {
        this.limits = limits;
        this.tokens = tokens;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<IssuedToken> issue(@Valid @NotNull TokenRequest request) {
        caller.requireAdmin("issuing tokens");
        limits.write(null);
        return RestResponse.status(RestResponse.Status.CREATED, tokens.issue(request));
    }

    @GET
    public TokenList list() {
        caller.requireAdmin("listing tokens");
        return tokens.list();
    }

    @DELETE
    @Path("{token_id}")
    public RestResponse<Void> revoke(@PathParam("token_id") String tokenId) {
        caller.requireAdmin("revoking tokens");
        limits.write(null);
        tokens.revoke(tokenId);
        return RestResponse.noContent();
    }
}
