package io.harmony.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, as the auth filter resolved it for this request: nobody in particular (auth off), the admin, or the
 * holder of a component token bound to one component name. Resources and services ask it; only the filter sets it.
 */
@RequestScoped
public class Caller {
    private boolean authenticated;
    private boolean admin;
    private String tokenId;
    private String component;

    /** Called by the auth filter once the bearer token is known; never with a secret. */
    public void authenticated(String tokenId, boolean admin, String component) {
        this.authenticated = true;
        this.tokenId = tokenId;
        this.admin = admin;
        this.component = component;
    }

    /** False when auth is off (or the endpoint is open): then every check passes and {@code from} fields are trusted. */
    public boolean authenticated() {
        return authenticated;
    }

    public boolean admin() {
        return admin;
    }

    /** The token's id ({@code admin} for the admin token); never the secret. */
    public Optional<String> tokenId() {
        return Optional.ofNullable(tokenId);
    }

    /** The component name a component token is bound to; empty for the admin and when auth is off. */
    public Optional<String> component() {
        return Optional.ofNullable(component);
    }

    /** What a per-caller limit counts against: the token when there is one, else the component the request names. */
    public String limitKey(String namedComponent) {
        return tokenId != null ? "token:" + tokenId : "component:" + namedComponent;
    }
}
