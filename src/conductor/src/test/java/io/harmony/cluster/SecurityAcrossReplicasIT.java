package io.harmony.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.harmony.embedded.EmbeddedInfra;

/**
 * Tokens and access-control rules are durable state on compacted topics that every replica holds: two packaged
 * conductors with auth on, on one Kafka and one Redis. A token revoked through one is refused by the other within
 * 1 s; a rule added or removed through one is enforced by the other within 1 s. Last, neither process's whole log
 * holds any secret the run used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityAcrossReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static String admin;

    static ConductorProcess a;
    static ConductorProcess b;

    @BeforeAll
    static void startReplicas() throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        admin = "hmy_it_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        SECRETS.add(admin);
        Map<String, String> settings = Map.of("HARMONY_AUTH_ENABLED", "true", "HARMONY_AUTH_ADMIN_TOKEN", admin,
                "HARMONY_KAFKA_PARTITIONS", "2");
        Path root = Files.createTempDirectory("harmony-it-");
        Map<String, String> infra = EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, root.resolve("infra"), false));
        a = new ConductorProcess("a", infra, root, settings).start();
        b = new ConductorProcess("b", infra, root, settings).start();
    }

    @AfterAll
    static void stopReplicas() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    static HttpResponse<String> call(String method, URI base, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String send(String from, String to) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"message_type\":\"t\",\"payload\":1}";
    }

    @Test
    @Order(1)
    void aTokenIssuedOnOneReplicaWorksOnTheOtherAndItsRevocationThereTakesUnderASecond() throws Exception {
        String component = unique("roamer");
        HttpResponse<String> issued = call("POST", a.uri(), "/tokens", admin, "{\"component\":\"" + component + "\"}");
        assertEquals(201, issued.statusCode(), issued.body());
        String id = JSON.readTree(issued.body()).path("token_id").asText();
        String secret = JSON.readTree(issued.body()).path("token").asText();
        SECRETS.add(secret);

        // Given: b knows the token (its view applied the record a wrote) and the admin token works there too
        await().atMost(Duration.ofSeconds(5)).until(() -> call("GET", b.uri(), "/services", secret, null).statusCode() == 200);
        assertEquals(200, call("GET", b.uri(), "/tokens", admin, null).statusCode());
        assertEquals(201, call("POST", b.uri(), "/register", secret,
                "{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":7700}").statusCode());

        // When: a revokes it
        assertEquals(204, call("DELETE", a.uri(), "/tokens/" + id, admin, null).statusCode());
        long revoked = System.nanoTime();

        // Then: b refuses it within 1 s of the 204
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> call("GET", b.uri(), "/services", secret, null).statusCode() == 401);
        long tookMs = (System.nanoTime() - revoked) / 1_000_000;
        assertTrue(tookMs <= BOUND.toMillis(), "b refused the revoked token after " + tookMs + " ms");
        HttpResponse<String> refused = call("GET", b.uri(), "/services", secret, null);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), refused.headers().toString());
    }

    @Test
    @Order(2)
    void anAccessRuleAddedOnOneReplicaIsEnforcedOnTheOtherWithinASecondAndSoIsItsRemoval() {
        String from = unique("sender");
        String allowed = unique("allowed");
        String denied = unique("denied");
        assertEquals(202, call("POST", b.uri(), "/queue/send", admin, send(from, denied)).statusCode());

        // When: a rule for the sender is added on a
        HttpResponse<String> added = call("POST", a.uri(), "/access-control", admin,
                "{\"from\":\"" + from + "\",\"to\":[\"" + allowed + "\"],\"allowed_operations\":[\"write\"]}");
        assertEquals(201, added.statusCode(), added.body());
        long configured = System.nanoTime();

        // Then: b refuses a send outside it within 1 s, and still takes one inside it
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> call("POST", b.uri(), "/queue/send", admin, send(from, denied)).statusCode() == 403);
        assertTrue((System.nanoTime() - configured) / 1_000_000 <= BOUND.toMillis());
        assertEquals(202, call("POST", b.uri(), "/queue/send", admin, send(from, allowed)).statusCode());

        // When: the rule is removed on a; then b lets the sender write anywhere again within 1 s
        assertEquals(204, call("DELETE", a.uri(), "/access-control/" + from, admin, null).statusCode());
        long removed = System.nanoTime();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> call("POST", b.uri(), "/queue/send", admin, send(from, denied)).statusCode() == 202);
        assertTrue((System.nanoTime() - removed) / 1_000_000 <= BOUND.toMillis());
    }

    @Test
    @Order(3)
    void aMetricsReadForwardedToTheOwningReplicaCarriesTheCallersToken() throws Exception {
        String component = unique("measured");
        HttpResponse<String> issued = call("POST", a.uri(), "/tokens", admin, "{\"component\":\"" + component + "\"}");
        String secret = JSON.readTree(issued.body()).path("token").asText();
        SECRETS.add(secret);
        await().atMost(Duration.ofSeconds(5)).until(() -> call("GET", b.uri(), "/services", secret, null).statusCode() == 200);
        // Several instances, so some land on partitions b owns: every one answers 200 on both replicas
        for (int port = 7710; port < 7716; port++) {
            HttpResponse<String> registered = call("POST", a.uri(), "/register", secret,
                    "{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":" + port + "}");
            assertEquals(201, registered.statusCode(), registered.body());
            String id = JSON.readTree(registered.body()).path("component_id").asText();
            assertEquals(200, call("POST", a.uri(), "/heartbeat", secret, "{\"component_id\":\"" + id + "\",\"metrics\":{\"errors\":1}}").statusCode());
            for (ConductorProcess replica : new ConductorProcess[] { a, b }) {
                // b knows the instance once its view applied the registration (milliseconds after a's 201).
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    HttpResponse<String> metrics = call("GET", replica.uri(), "/metrics/" + id, secret, null);
                    assertEquals(200, metrics.statusCode(), metrics.body());
                });
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void neitherReplicasLogHoldsAnySecretTheRunUsed() throws IOException {
        assertTrue(SECRETS.size() >= 3, "the other tests ran first: " + SECRETS.size());
        for (ConductorProcess replica : new ConductorProcess[] { a, b }) {
            String log = Files.readString(replica.log(), StandardCharsets.UTF_8);
            assertTrue(log.contains("auth is on"), "the log of " + replica.log() + " says nothing of auth");
            long leaked = SECRETS.stream().filter(log::contains).count();
            assertEquals(0, leaked, leaked + " secrets appear in " + replica.log());
        }
    }
}
