package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.harmony.client.StubConductor.respond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpRequestTransportTest {
    @AfterEach
    void closeLeavesNoThreads() {
        StubConductor.assertNoClientThreads();
    }

    private static JsonNode json(String text) throws Exception {
        return ConductorApi.JSON.readTree(text);
    }

    @Test
    void requestsAreAnsweredByTypeAndTheRepliesPosted() throws Exception {
        String requests = "{\"requests\":["
                + "{\"request_id\":\"r1\",\"from\":\"web\",\"request_type\":\"ping\",\"deadline\":\"2099-01-01T00:00:00Z\"},"
                + "{\"request_id\":\"r2\",\"from\":\"web\",\"request_type\":\"echo\",\"payload\":{\"x\":1}},"
                + "{\"request_id\":\"r3\",\"from\":\"web\",\"request_type\":\"nope\"},"
                + "{\"request_id\":\"r4\",\"from\":\"web\",\"request_type\":\"boom\"}]}";
        AtomicBoolean handedOut = new AtomicBoolean();
        AtomicReference<String> receiveQuery = new AtomicReference<>();
        Map<String, JsonNode> replies = new ConcurrentHashMap<>();
        CountDownLatch fourReplies = new CountDownLatch(4);
        try (var conductor = new StubConductor(exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/register")) {
                    respond(exchange, 201, "{\"component_id\":\"billing-001\",\"heartbeat_interval\":5}");
                } else if (path.equals("/requests/receive") && !handedOut.getAndSet(true)) {
                    receiveQuery.set(exchange.getRequestURI().getQuery());
                    respond(exchange, 200, requests);
                } else if (path.startsWith("/requests/") && path.endsWith("/reply")) {
                    replies.put(path.split("/")[2], json(StubConductor.body(exchange)));
                    respond(exchange, 200, "{}");
                    fourReplies.countDown();
                } else {
                    respond(exchange, 503, "{\"error\":\"later\"}");
                }
            });
             var client = conductor.client("billing")
                     .onRequest("echo", request -> request.payload())
                     .onRequest("boom", request -> { throw new IllegalStateException("kaput"); })
                     .build()) {
            client.start();

            assertTrue(fourReplies.await(5, TimeUnit.SECONDS));
            assertEquals("component=billing-001&wait_seconds=20", receiveQuery.get());
            assertEquals(json("{\"response\":\"pong\"}"), replies.get("r1"));
            assertEquals(json("{\"response\":{\"x\":1}}"), replies.get("r2"));
            assertEquals(json("{\"response\":{\"error\":\"unknown request_type nope\"}}"), replies.get("r3"));
            assertEquals(json("{\"response\":{\"error\":\"kaput\"}}"), replies.get("r4"));
        }
    }
}
