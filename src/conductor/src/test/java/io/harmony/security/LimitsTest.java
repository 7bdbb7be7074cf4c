package io.harmony.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * harmony.limits.*: writes per component with auth off and per token with it, a queue's depth, open event streams per
 * token. A token is stood for by TestCallerHeader, as the bearer-token filter would set it. One profile of small
 * limits for all of them (a profile restarts Quarkus); every test uses names of its own, so the buckets of one test
 * never meet another's.
 */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class LimitsTest {
    static final int BURST = 5;
    static final int QUEUE_DEPTH = 3;
    static final int STREAMS = 2;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // One write every 2 s after a burst of 5: six quick calls surely meet it, even on a loaded machine.
            return Map.of("harmony.limits.writes-per-second", "0.5", "harmony.limits.write-burst", Integer.toString(BURST),
                    "harmony.limits.queue-depth", Integer.toString(QUEUE_DEPTH),
                    "harmony.limits.streams-per-token", Integer.toString(STREAMS),
                    "test.harmony.caller-header", "true");   // TestCallerHeader: a request may stand for a token id
        }
    }

    @TestHTTPResource("/events/subscribe")
    URL subscribe;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Response register(String component) {
        return given().contentType(ContentType.JSON)
                .body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":7000}").post("/register");
    }

    static Response beat(String componentId) {
        return given().contentType(ContentType.JSON).body("{\"component_id\":\"" + componentId + "\"}").post("/heartbeat");
    }

    @Test
    void aComponentOverItsWriteRateGets429WithRetryAfterAndIsServedAgainAfterThatWait() {
        String component = unique("rated");
        // Beats of an instance count against its component (the 404s too: a refused flood is still a flood).
        for (int i = 0; i < BURST; i++) {
            beat(component + "-001").then().statusCode(404);
        }
        Response refused = register(component);
        long refusedAt = System.nanoTime();
        refused.then().statusCode(429).contentType(ContentType.JSON)
                .body("error", containsString("too many writes")).body("field", nullValue());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "one write per 2 s: Retry-After " + retryAfter);
        beat(component + "-001").then().statusCode(429);

        // Another component has a bucket of its own.
        beat(unique("other") + "-001").then().statusCode(404);

        await().atMost(Duration.ofSeconds(retryAfter + 3)).pollInterval(Duration.ofMillis(100))
                .until(() -> register(component).statusCode() == 201);
        long waitedMillis = (System.nanoTime() - refusedAt) / 1_000_000;
        // Retry-After is the wait rounded up to whole seconds: the bucket let the caller in no sooner than that less 1 s.
        assertTrue(waitedMillis > (retryAfter - 1) * 1000, "served again after " + waitedMillis + " ms");
    }

    @Test
    void withATokenEveryWriteCountsAgainstTheTokenWhateverComponentItNames() {
        String token = unique("token");
        for (int i = 0; i < BURST; i++) {
            given().header(TestCallerHeader.HEADER, token).contentType(ContentType.JSON)
                    .body("{\"component_id\":\"" + unique("first") + "-001\"}").post("/heartbeat").then().statusCode(404);
        }
        given().header(TestCallerHeader.HEADER, token).contentType(ContentType.JSON)
                .body("{\"component\":\"" + unique("second") + "\",\"version\":\"1\",\"port\":7000}").post("/register")
                .then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void aSendToAFullQueueIsRefusedWholeAndEveryAcceptedMessageIsReceived() {
        String to = unique("full");
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            accepted.add(send(to, 202).path("message_id"));
        }
        send(to, 429).then().contentType(ContentType.JSON).body("field", is("to")).body("error", containsString("full"));

        // One received makes room for one, not for a batch of two: the batch is refused whole.
        given().queryParam("component", to).queryParam("max", 1).get("/queue/receive").then().statusCode(200)
                .body("messages.message_id", is(List.of(accepted.get(0))));
        given().contentType(ContentType.JSON).body("{\"messages\":[" + message(to) + "," + message(to) + "]}")
                .post("/queue/send").then().statusCode(429).body("field", is("to"));
        accepted.add(send(to, 202).path("message_id"));

        given().queryParam("component", to).get("/queue/receive").then().statusCode(200)
                .body("messages.message_id", is(accepted.subList(1, accepted.size())));
        given().queryParam("component", to).get("/queue/receive").then().body("messages", hasSize(0));
    }

    @Test
    void aTokensStreamOverTheCapIsRefusedAndASlotIsFreeAgainOnceAStreamCloses() throws Exception {
        String url = subscribe + "?event_type=" + unique("capped") + "-*";
        String token = unique("token");
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                HttpResponse<InputStream> stream = subscribe(url, token);
                open.add(stream.body());
                assertEquals(200, stream.statusCode());
            }
            HttpResponse<InputStream> refused = subscribe(url, token);
            String body = new String(refused.body().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(429, refused.statusCode(), body);
            assertTrue(body.contains("too many open event streams") && !body.contains(token), body);

            HttpResponse<InputStream> otherToken = subscribe(url, unique("token"));
            open.add(otherToken.body());
            assertEquals(200, otherToken.statusCode(), "another token has slots of its own");

            open.remove(0).close();
            // The conductor learns of the close a moment later; then exactly one more stream fits again.
            HttpResponse<InputStream> again = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        HttpResponse<InputStream> r = subscribe(url, token);
                        if (r.statusCode() != 200) {
                            r.body().close();
                        }
                        return r;
                    }, r -> r.statusCode() == 200);
            open.add(again.body());
            HttpResponse<InputStream> full = subscribe(url, token);
            full.body().close();
            assertEquals(429, full.statusCode());
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    @Test
    void withoutATokenStreamsAreNotCounted() throws Exception {
        String url = subscribe + "?event_type=" + unique("uncounted") + "-*";
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i <= STREAMS; i++) {
                HttpResponse<InputStream> stream = subscribe(url, null);
                open.add(stream.body());
                assertEquals(200, stream.statusCode(), "stream " + (i + 1) + " from the same address, with auth off");
            }
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    /** Answers once the headers are in (the conductor sends them at once with a keep-alive comment). */
    private static HttpResponse<InputStream> subscribe(String url, String tokenId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (tokenId != null) {
            request.header(TestCallerHeader.HEADER, tokenId);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
    }

    static String message(String to) {
        // A sender of its own per message: the write rate (per sender with auth off) is not what this test meets.
        return "{\"from\":\"" + unique("sender") + "\",\"to\":\"" + to + "\",\"message_type\":\"t\",\"payload\":{\"n\":1}}";
    }

    static Response send(String to, int status) {
        Response response = given().contentType(ContentType.JSON).body(message(to)).post("/queue/send");
        response.then().statusCode(status);
        return response;
    }
}
