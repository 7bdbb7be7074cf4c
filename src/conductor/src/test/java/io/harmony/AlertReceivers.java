package io.harmony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * Real receivers for alert deliveries, one per test JVM: an in-process HTTP server standing in for a webhook endpoint
 * and a Slack incoming webhook. Bodies are recorded per path.
 */
public final class AlertReceivers {
    public record Received(String path, String body) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    private AlertReceivers() {
    }

    public static synchronized int start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                RECEIVED.add(new Received(exchange.getRequestURI().getPath(), body));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }
        return server.getAddress().getPort();
    }

    public static List<String> bodies(String path) {
        return RECEIVED.stream().filter(r -> r.path().equals(path)).map(Received::body).toList();
    }
}
