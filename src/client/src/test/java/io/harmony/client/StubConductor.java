package io.harmony.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A JDK HttpServer on a free loopback port standing in for the conductor; each test scripts its answers. */
final class StubConductor implements AutoCloseable {
    /** Tests provoke failures on purpose (503s, throwing handlers); the assertions, not the log, say what matters.
     *  Held in a field because JUL keeps loggers weakly and would forget the level. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.harmony.client");

    static {
        QUIET.setLevel(java.util.logging.Level.OFF);
    }

    interface Route {
        void handle(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();   // SSE answers hold their thread

    StubConductor(Route route) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                route.handle(exchange);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    HarmonyClient.Builder client(String component) {
        return HarmonyClient.builder().conductor(uri()).component(component).port(9000).host("127.0.0.1");
    }

    static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    static void respond(HttpExchange exchange, int status, String json) {
        try {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What every test ends with: close() left no harmony-client-* thread behind. */
    static void assertNoClientThreads() {
        List<String> left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("harmony-client-")).toList();
        assertEquals(List.of(), left);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
