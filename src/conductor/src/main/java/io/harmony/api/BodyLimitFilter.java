package io.harmony.api;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.harmony.config.HarmonyConfig;
import io.vertx.core.http.HttpServerRequest;

/**
 * Enforces harmony.http.max-body (1 MiB) by Content-Length before the body is read, so the 413 carries our JSON body;
 * Quarkus' own limit (quarkus.http.limits.max-body-size, set above ours) stays as a backstop for chunked bodies.
 */
public class BodyLimitFilter {

    private final long maxBody;

    BodyLimitFilter(HarmonyConfig config) {
        this.maxBody = config.http().maxBody();
    }

    @ServerRequestFilter(preMatching = true)
    void limit(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return; // Vert.x rejects a malformed Content-Length itself
            }
            if (declared > maxBody) {
                throw new PayloadTooLargeException(maxBody);
            }
        }
    }
}
