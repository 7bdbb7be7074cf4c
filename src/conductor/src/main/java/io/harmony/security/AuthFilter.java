package io.harmony.security;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.harmony.config.HarmonyConfig;
import io.vertx.core.http.HttpServerRequest;

/**
 * With harmony.auth.enabled, every endpoint but GET /health needs {@code Authorization: Bearer <token>} (the event
 * stream also takes {@code ?access_token=}, which EventSource cannot send as a header); who the token belongs to goes
 * to {@link Caller}, which resources ask about rights. The static dashboard page and /q/* are not JAX-RS resources
 * and never reach this filter. Cheap on purpose, as it runs on every heartbeat: one hash, one map lookup.
 */
public class AuthFilter {
    static final String EVENTS_PATH = "/events/subscribe";
    private static final String BEARER = "Bearer ";

    private final boolean enabled;
    private final TokenService tokens;
    private final Caller caller;

    AuthFilter(HarmonyConfig config, TokenService tokens, Caller caller) {
        this.enabled = config.auth().enabled();
        this.tokens = tokens;
        this.caller = caller;
    }

    @ServerRequestFilter
    void authenticate(HttpServerRequest request) {
        if (!enabled) {
            return;
        }
        String path = request.path();
        if ("/health".equals(path)) {
            return; // load balancers and the contract's readiness probe call it without credentials
        }
        String token = bearer(request.getHeader("Authorization"));
        if (token == null && EVENTS_PATH.equals(path)) {
            token = request.getParam("access_token");
        }
        if (token == null) {
            throw new UnauthorizedException("a bearer token is required: Authorization: Bearer <token>");
        }
        tokens.authenticate(token.trim(), caller);
    }

    /** The token of an {@code Authorization: Bearer} header; null when absent, 401 when another scheme is sent. */
    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("the Authorization header must be: Bearer <token>");
        }
        return header.substring(BEARER.length());
    }
}
