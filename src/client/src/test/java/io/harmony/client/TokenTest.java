package io.harmony.client;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.harmony.client.StubConductor.respond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's bearer token on every call, and what it does when the conductor refuses it or rate-limits it. */
class TokenTest {
    private static final String REGISTERED =
            "{\"status\":\"registered\",\"component_id\":\"billing-001\",\"heartbeat_interval\":0.1}";
    private static final String ACK = "{\"status\":\"acknowledged\",\"commands\":[]}";
    private static final String TOKEN = "hmy_test-token-for-the-stub";

    @AfterEach
    void closeLeavesNoThreads() {
        StubConductor.assertNoClientThreads();
    }

    @Test
    void everyCallAndTheEventStreamCarryTheToken() throws Exception {
        List<String> wanted = List.of("/register", "/heartbeat", "/queue/send", "/events/subscribe");
        Map<String, String> authorization = new ConcurrentHashMap<>();   // path → the header of its first call
        CountDownLatch seen = new CountDownLatch(wanted.size());
        CountDownLatch testDone = new CountDownLatch(1);
        try (var conductor = new StubConductor(exchange -> {
                String path = exchange.getRequestURI().getPath();
                String header = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization.putIfAbsent(path, header == null ? "none" : header) == null && wanted.contains(path)) {
                    seen.countDown();
                }
                switch (path) {
                    case "/register" -> respond(exchange, 201, REGISTERED);
                    case "/heartbeat" -> respond(exchange, 200, ACK);
                    case "/queue/send" -> respond(exchange, 202, "{\"status\":\"queued\",\"message_id\":\"m1\"}");
                    case "/events/subscribe" -> {
                        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                        exchange.sendResponseHeaders(200, 0);
                        OutputStream out = exchange.getResponseBody();
                        out.write(":keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        testDone.await(10, TimeUnit.SECONDS);
                    }
                    default -> respond(exchange, 503, "{\"error\":\"not in this test\"}");
                }
            });
             var client = conductor.client("billing").token(TOKEN).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(5)));
            assertEquals("m1", client.send("ledger", "t", Map.of("n", 1)));
            try (Subscription events = client.subscribe(List.of("component-*"), event -> { })) {
                assertTrue(seen.await(5, TimeUnit.SECONDS), "calls seen: " + authorization.keySet());
                testDone.countDown();
            }
            // The request loop's long-poll (/requests/receive) too: every path the client called.
            authorization.forEach((path, header) -> assertEquals("Bearer " + TOKEN, header, path));
            assertTrue(authorization.keySet().containsAll(wanted), authorization.keySet().toString());
        }
    }

    @Test
    void withoutATokenNoAuthorizationHeaderIsSent() throws Exception {
        Map<String, String> authorization = new ConcurrentHashMap<>();
        try (var conductor = new StubConductor(exchange -> {
                String header = exchange.getRequestHeaders().getFirst("Authorization");
                authorization.put(exchange.getRequestURI().getPath(), header == null ? "none" : header);
                respond(exchange, 202, "{\"status\":\"queued\",\"message_id\":\"m1\"}");
            });
             var client = conductor.client("billing").token(null).build()) {
            client.send("ledger", "t", null);
            assertEquals("none", authorization.get("/queue/send"));
        }
    }

    @Test
    void aRefusedTokenSurfacesAsAccessDeniedAndARateLimitCarriesRetryAfter() throws Exception {
        try (var conductor = new StubConductor(exchange -> {
                switch (exchange.getRequestURI().getPath()) {
                    case "/queue/send" -> respond(exchange, 403, "{\"error\":\"this token acts as ledger only\",\"field\":\"from\"}");
                    case "/broadcast" -> respond(exchange, 401, "{\"error\":\"unknown token\"}");
                    default -> {
                        exchange.getResponseHeaders().set("Retry-After", "3");
                        respond(exchange, 429, "{\"error\":\"too many writes\"}");
                    }
                }
            });
             var client = conductor.client("billing").token(TOKEN).build()) {
            AccessDeniedException forbidden = assertThrows(AccessDeniedException.class, () -> client.send("ledger", "t", null));
            assertEquals(403, forbidden.status());
            assertEquals("from", forbidden.field());
            assertEquals(401, assertThrows(AccessDeniedException.class, () -> client.broadcast("t", null)).status());
            RateLimitedException limited = assertThrows(RateLimitedException.class, () -> client.state().put("k", 1));
            assertEquals(Duration.ofSeconds(3), limited.retryAfter());
            assertFalse(forbidden.getMessage().contains(TOKEN));
        }
    }

    /** A revoked token must not turn thousands of components into a tight loop against the conductor. */
    @Test
    void aBeatRefusedWith401WaitsTheLongestBackoffBeforeTryingAgain() throws Exception {
        CountDownLatch fourBeats = new CountDownLatch(4);
        try (var conductor = new StubConductor(exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/register")) {
                    respond(exchange, 201, REGISTERED);
                } else if (path.equals("/heartbeat")) {
                    fourBeats.countDown();
                    respond(exchange, 401, "{\"error\":\"unknown or revoked token\"}");
                } else {
                    respond(exchange, 503, "{\"error\":\"not in this test\"}");
                }
            });
             var client = conductor.client("billing").token(TOKEN).backoff(Duration.ofMillis(50), Duration.ofSeconds(2)).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(5)));
            // Growing from 50 ms, four beats would take well under a second; at the 2 s cap they take over 4 s.
            assertFalse(fourBeats.await(3, TimeUnit.SECONDS), "a refused beat was retried within the backoff cap");
            assertTrue(fourBeats.getCount() < 4, "the lease did beat");
        }
    }

    @Test
    void aBeatAnswered429WaitsForRetryAfter() throws Exception {
        CountDownLatch twoRefusals = new CountDownLatch(2);
        try (var conductor = new StubConductor(exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/register")) {
                    respond(exchange, 201, REGISTERED);
                } else if (path.equals("/heartbeat")) {
                    twoRefusals.countDown();
                    exchange.getResponseHeaders().set("Retry-After", "2");
                    respond(exchange, 429, "{\"error\":\"too many writes\"}");
                } else {
                    respond(exchange, 503, "{\"error\":\"not in this test\"}");
                }
            });
             var client = conductor.client("billing").backoff(Duration.ofMillis(50), Duration.ofSeconds(10)).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(5)));
            assertFalse(twoRefusals.await(1500, TimeUnit.MILLISECONDS), "retried before Retry-After");
            assertTrue(twoRefusals.await(5, TimeUnit.SECONDS), "retried after Retry-After");
        }
    }

}
