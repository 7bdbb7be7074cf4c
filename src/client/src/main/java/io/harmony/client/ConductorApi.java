package io.harmony.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/** The conductor's HTTP API as the library calls it: one HttpClient on the client's own executor, one ObjectMapper. */
final class ConductorApi {
    /** Ordinary calls; long-polls and the request path pass their own. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The contract is snake_case; unknown fields are ignored so a newer conductor does not break an older client;
     * absent optionals (host, metadata, detail) are left out rather than sent as null.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    /** A status with its parsed body (NullNode when empty, TextNode when not JSON) and Retry-After, when sent. */
    record Reply(int status, JsonNode body, Duration retryAfter) {
        Reply(int status, JsonNode body) {
            this(status, body, null);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String root;
    private final HttpClient http;
    /** "Bearer <token>", or null when the client has no token (a conductor with auth off). */
    private final String authorization;

    ConductorApi(URI conductor, Executor executor) {
        this(conductor, executor, null, null);
    }

    /** {@code tls}: whom to trust over https (a private CA, a self-signed certificate); null = the JDK's default. */
    ConductorApi(URI conductor, Executor executor, String token, SSLContext tls) {
        this.root = conductor.toString().replaceAll("/+$", "");
        this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.strip();
        // HTTP/1.1: a plain-http HTTP/2 upgrade buys nothing here and long-lived SSE streams are simpler without it.
        HttpClient.Builder builder = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    HttpClient http() {
        return http;
    }

    /** Every call starts here, the event streams too, so every one carries the token. */
    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + pathAndQuery));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    /** A 2xx body, else the conductor's error as a HarmonyException. */
    JsonNode call(String method, String path, Object body) {
        return ok(send(method, path, body, CALL_TIMEOUT, null));
    }

    Reply send(String method, String path, Object body, Duration timeout) {
        return send(method, path, body, timeout, null);
    }

    /** Any status comes back as a Reply; no answer at all (or an interrupt, flag kept) is a HarmonyException with status 0. */
    Reply send(String method, String path, Object body, Duration timeout, String ifMatch) {
        HttpRequest.Builder builder = request(path).timeout(timeout).header("Accept", "application/json");
        if (ifMatch != null) {
            builder.header("If-Match", "\"" + ifMatch + "\"");
        }
        if (body == null) {
            builder.method(method, BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, BodyPublishers.ofByteArray(bytes(body)));
        }
        // Bounded here as well as by the request's timeout: the JDK client completes its timeout through the executor,
        // and one that is shutting down (close() stopping the loops) left a deregister waiting forever.
        var pending = http.sendAsync(builder.build(), BodyHandlers.ofByteArray());
        try {
            var response = pending.get(timeout.toMillis() + 2000, java.util.concurrent.TimeUnit.MILLISECONDS);
            return new Reply(response.statusCode(), parse(response.body()), retryAfter(response.headers()));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HarmonyException("no answer from " + root + path + ": " + cause, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            pending.cancel(true);
            throw new HarmonyException("no answer from " + root + path + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();   // the calling loop sees it at its next sleep and ends
            throw new HarmonyException("interrupted calling " + root + path, e);
        }
    }

    static JsonNode ok(Reply reply) {
        if (reply.ok()) {
            return reply.body();
        }
        throw failure(reply);
    }

    static HarmonyException failure(Reply reply) {
        String error = text(reply.body(), "error");
        String message = error != null ? error : "HTTP " + reply.status();
        String field = text(reply.body(), "field");
        return switch (reply.status()) {
            case 401, 403 -> new AccessDeniedException(reply.status(), message, field);
            case 429 -> new RateLimitedException(message, field, reply.retryAfter());
            default -> new HarmonyException(reply.status(), message, field);
        };
    }

    /** Retry-After in seconds (the conductor's form); an HTTP date or garbage counts as none. */
    static Duration retryAfter(HttpHeaders headers) {
        try {
            return headers.firstValue("Retry-After").map(v -> Duration.ofSeconds(Long.parseLong(v.trim()))).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return NullNode.instance;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {   // a proxy's or the framework's plain-text error page
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Any value as a JSON tree; null becomes JSON null rather than a missing field. */
    static JsonNode tree(Object value) {
        return value == null ? NullNode.instance : value instanceof JsonNode node ? node : JSON.valueToTree(value);
    }

    /** Percent-encodes a path segment or query value (':' stays, as state keys read better with it). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** Times are ISO-8601 text; by hand because the client carries no jsr310 module. Unreadable → null, not a failure. */
    static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
