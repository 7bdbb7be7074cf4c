package io.harmony.security;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Tests only: a request may name the token id it stands for (header X-Test-Token-Id), so the per-token limits are
 * tested without the bearer-token filter and its tokens. Inert unless the test profile sets
 * {@code test.harmony.caller-header=true} (LimitsTest); it lives in src/test and never ships.
 */
public class TestCallerHeader {
    static final String HEADER = "X-Test-Token-Id";

    private final Caller caller;
    private final boolean enabled;

    TestCallerHeader(Caller caller, @ConfigProperty(name = "test.harmony.caller-header", defaultValue = "false") boolean enabled) {
        this.caller = caller;
        this.enabled = enabled;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 10)
    void standFor(ContainerRequestContext request) {
        String tokenId = request.getHeaderString(HEADER);
        if (enabled && tokenId != null) {
            caller.authenticated(tokenId, true, null); // as the admin: rights pass, only the limits are under test
        }
    }
}
