package io.harmony.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The test helper itself: what it must not hide from the tests that use it (a refused subscription, a stream that
 * ends), against a real HTTP server that misbehaves on purpose.
 */
class SseClientTest {
    private HttpServer server;

    private String serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events/subscribe";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aNon200AnswerFailsTheSubscriptionWithItsStatusAndBody() throws Exception {
        String url = serve(exchange -> answer(exchange, 503, "application/json", "{\"error\":\"events unavailable\"}"));

        AssertionError e = assertThrows(AssertionError.class, () -> new SseClient(url, null));

        assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("events unavailable"), e.getMessage());
    }

    @Test
    void a200ThatIsNotAnEventStreamFailsTheSubscription() throws Exception {
        String url = serve(exchange -> answer(exchange, 200, "application/json", "{}"));

        AssertionError e = assertThrows(AssertionError.class, () -> new SseClient(url, null));

        assertTrue(e.getMessage().contains("HTTP 200 (application/json)"), e.getMessage());
    }

    @Test
    void aStreamTheServerEndsFailsTheNextReadAndTheClose() throws Exception {
        // One frame, then the server closes the stream, which a live subscription never does.
        String url = serve(exchange -> answer(exchange, 200, "text/event-stream", "id: 7\nevent: entity-created\ndata: {\"x\":1}\n\n"));

        SseClient sse = new SseClient(url, null);

        AssertionError e = await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                sse.frames();
                return null;
            } catch (AssertionError failed) {
                return failed;
            }
        }, failed -> failed != null);
        assertTrue(e.getCause().getMessage().contains("the server ended the stream"), e.toString());
        assertTrue(e.getMessage().contains("after 1 frames"), e.getMessage()); // the frame before the end was read
        assertThrows(AssertionError.class, sse::close);
    }
}
