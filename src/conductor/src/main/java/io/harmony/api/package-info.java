/**
 * The conductor's own HTTP surface: the one error body and its mapper, health, dashboard, the body limit. It also
 * holds the OpenAPI document's definition (SmallRye reads an {@code @OpenAPIDefinition} on a package-info or a JAX-RS
 * Application): every error response, declared once here beside {@link io.harmony.api.ApiError} and referred to by
 * name from the resources ({@link io.harmony.openapi.ApiDocs}), the bearer scheme and the domain tags.
 */
@OpenAPIDefinition(
        info = @Info(title = "Harmony conductor", version = "see quarkus.smallrye-openapi.info-version", description = """
                Registry and liveness, messaging, events, shared state, metrics, alerting and security of the Harmony \
                conductor. Every error has one shape, `{"error": "<what is wrong>", "field": "<json path, when one \
                field is at fault>"}`, also for the framework's own answers that no operation lists: unmatched path \
                404, wrong method 405, 406, and 415 for a body that is not `application/json`. A body over \
                `harmony.http.max-body` (1 MiB) is 413 on any endpoint. With `harmony.auth.enabled` every operation \
                but `GET /health` needs `Authorization: Bearer <token>` (401 without, 403 outside the token's rights), \
                and writes are rate limited per caller (429 with `Retry-After`). Bad input never yields a 500."""),
        security = @SecurityRequirement(name = "bearer"),
        tags = {
                @Tag(name = ApiDocs.REGISTRY, description = "Registration, heartbeats, discovery and heartbeat commands"),
                @Tag(name = ApiDocs.HEALTH, description = "The conductor's readiness and the components' overview"),
                @Tag(name = ApiDocs.MESSAGING, description = "Durable queues and request-response between components"),
                @Tag(name = ApiDocs.EVENTS, description = "Broadcasts and the resumable event stream (SSE)"),
                @Tag(name = ApiDocs.STATE, description = "Shared state in Redis under echo:, with compare-and-set"),
                @Tag(name = ApiDocs.METRICS, description = "Heartbeat metrics as time series"),
                @Tag(name = ApiDocs.ALERTING, description = "Alert rules on metrics and status, and what fires"),
                @Tag(name = ApiDocs.SECURITY, description = "Component tokens and access control (admin token)") },
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP,
                        scheme = "bearer", description = "Only when harmony.auth.enabled: the admin token or a component token"),
                // Every error answer: the one error body (ApiError), a description of when, and examples as answered.
                responses = {
                        @APIResponse(name = ApiDocs.BAD_REQUEST, description = "Malformed JSON, a missing or ill-typed "
                                + "field, a bad pattern or query parameter; nothing changed", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "invalid field", value = ApiDocs.E400))),
                        @APIResponse(name = ApiDocs.UNAUTHORIZED, description = "Auth is on and the bearer token is "
                                + "missing, malformed, unknown or revoked",
                                headers = @Header(name = "WWW-Authenticate", description = "Bearer",
                                        schema = @Schema(type = SchemaType.STRING)),
                                content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "no token", value = ApiDocs.E401))),
                        @APIResponse(name = ApiDocs.FORBIDDEN, description = "A known token acting outside its rights "
                                + "(as another component, or an admin operation), or no access-control rule allows the "
                                + "send or request", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
                                                @ExampleObject(name = "another component", value = ApiDocs.E403_IDENTITY),
                                                @ExampleObject(name = "admin only", value = ApiDocs.E403_ADMIN),
                                                @ExampleObject(name = "access control", value = ApiDocs.E403_ACCESS) })),
                        @APIResponse(name = ApiDocs.UNKNOWN_COMPONENT, description = "No such instance (never registered, "
                                + "or deregistered): register again", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "unknown instance", value = ApiDocs.E404_COMPONENT))),
                        @APIResponse(name = ApiDocs.UNKNOWN_TARGET, description = "to never registered", content = @Content(
                                mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                examples = @ExampleObject(name = "unknown target", value = ApiDocs.E404_TARGET))),
                        @APIResponse(name = ApiDocs.UNKNOWN_REQUEST, description = "Unknown, already answered or expired "
                                + "request", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "unknown request", value = ApiDocs.E404_REQUEST))),
                        @APIResponse(name = ApiDocs.UNKNOWN_STATE_KEY, description = "No value under the key", content = @Content(
                                mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                examples = @ExampleObject(name = "absent key", value = ApiDocs.E404_STATE))),
                        @APIResponse(name = ApiDocs.UNKNOWN_ALERT, description = "No alert rule of that name", content = @Content(
                                mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                examples = @ExampleObject(name = "unknown rule", value = ApiDocs.E404_ALERT))),
                        @APIResponse(name = ApiDocs.UNKNOWN_TOKEN, description = "Unknown or already revoked token",
                                content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "unknown token", value = ApiDocs.E404_TOKEN))),
                        @APIResponse(name = ApiDocs.UNKNOWN_ACCESS_RULE, description = "No access-control rule names from",
                                content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "unknown rule", value = ApiDocs.E404_ACCESS))),
                        @APIResponse(name = ApiDocs.STATE_CONFLICT, description = "If-Match (or, on PUT, If-None-Match) "
                                + "does not hold; nothing changed", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "stale version", value = ApiDocs.E409_STATE))),
                        @APIResponse(name = ApiDocs.PAYLOAD_TOO_LARGE, description = "The body is over "
                                + "harmony.http.max-body (default 1 MiB)", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "too large", value = ApiDocs.E413))),
                        @APIResponse(name = ApiDocs.TOO_MANY_REQUESTS, description = "Over a per-caller limit (writes per "
                                + "second, a recipient's queue depth, open event streams); nothing of the call was done",
                                headers = @Header(name = "Retry-After", description = "Seconds until a retry can succeed "
                                        + "(write rate only)", schema = @Schema(type = SchemaType.INTEGER)),
                                content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = {
                                                @ExampleObject(name = "write rate", value = ApiDocs.E429_WRITES),
                                                @ExampleObject(name = "queue depth", value = ApiDocs.E429_QUEUE),
                                                @ExampleObject(name = "event streams", value = ApiDocs.E429_STREAMS) })),
                        @APIResponse(name = ApiDocs.UNAVAILABLE, description = "Kafka, Redis or a view this call needs is "
                                + "not available right now (answered within 2 s, never a 500); retry", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "Redis down", value = ApiDocs.E503))),
                        @APIResponse(name = ApiDocs.NO_HEALTHY_INSTANCE, description = "No healthy instance of to; or "
                                + "Kafka or Redis unavailable", content = @Content(
                                        mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
                                                @ExampleObject(name = "no healthy instance", value = ApiDocs.E503_ROUTE),
                                                @ExampleObject(name = "Redis down", value = ApiDocs.E503) })),
                        @APIResponse(name = ApiDocs.REQUEST_TIMEOUT, description = "No reply within timeout_seconds",
                                content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                                        examples = @ExampleObject(name = "timeout", value = ApiDocs.E504))) }))
package io.harmony.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.harmony.openapi.ApiDocs;
