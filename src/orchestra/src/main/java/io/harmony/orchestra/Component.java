package io.harmony.orchestra;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.harmony.client.CommandHandler;
import io.harmony.client.HarmonyClient;
import io.harmony.client.MessageHandler;
import io.harmony.client.RequestHandler;
import io.harmony.client.StateListener;
import io.harmony.client.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/** One of the seed's components: its HTTP server, its HarmonyClient lease and a mirror of the shared state. */
public abstract class Component implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Component.class.getName());
    static final String VERSION = "1.0.0";
    /** snake_case like the conductor; Instants as ISO-8601 text, since the client brings no jsr310 module. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .build();
    /** The conductor's own body limit; nothing a component accepts needs more. */
    private static final int MAX_BODY = 1 << 20;
    /** Bound of a forwarded call (nexus routes, cortex's alert rules), as the spec sets for the proxy. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final String name;
    private final Orchestra.Settings settings;
    private final List<String> capabilities;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, JsonNode> state = new ConcurrentSkipListMap<>();
    private final AtomicLong requestsTotal = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final MinuteRate rate = new MinuteRate(InstantSource.system());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object outboundLock = new Object();
    private volatile HttpServer server;
    private volatile ExecutorService httpThreads;
    private volatile HarmonyClient client;
    private volatile Subscription stateWatch;
    private HttpClient outbound;                 // guarded by outboundLock; made on first forward()
    private ExecutorService outboundThreads;     // guarded by outboundLock

    protected Component(String name, Orchestra.Settings settings, String... capabilities) {
        this.name = name;
        this.settings = settings;
        this.capabilities = List.of(capabilities);
        route("GET", "/health", call -> Reply.ok(new Health("UP", name, componentId())));
        route("GET", "/state", call -> Reply.ok(new StateView(name, componentId(), state())));
    }

    public String name() { return name; }

    /** The port the HTTP server listens on (the configured one, or the one picked for 0); -1 before start. */
    public int port() { return server == null ? -1 : server.getAddress().getPort(); }

    public URI baseUri() { return URI.create("http://" + settings.host() + ":" + port()); }

    public HarmonyClient client() { return client; }

    /** The id the conductor gave; null until the first registration. */
    public String componentId() { return client == null ? null : client.componentId(); }

    /** The mirror of the shared state, keyed like Redis ("echo:test:value"). */
    public Map<String, JsonNode> state() { return Collections.unmodifiableMap(state); }

    protected final Orchestra.Settings settings() { return settings; }

    // ---- what sub-classes plug in ------------------------------------------------------------------------------

    /** Adds the component's request, command and message handlers (wrapped with the counted* methods). */
    protected void wire(HarmonyClient.Builder client) {}

    /** The component's own heartbeat metrics, beside requests_total, errors and requests_per_minute. */
    protected Map<String, Number> ownMetrics() { return Map.of(); }

    /** Runs once the HTTP server listens and the client started. */
    protected void started() {}

    /** Stops what started() began; runs before the client deregisters. */
    protected void stopping() {}

    /** Routes {@code method} ("*" = any) and {@code path} (a trailing "/*" matches any rest) to a handler. */
    protected final void route(String method, String path, Handler handler) {
        routes.add(new Route(method, path, handler));
    }

    protected final RequestHandler countedRequest(RequestHandler handler) {
        return request -> counted(() -> handler.handle(request));
    }

    protected final MessageHandler countedMessage(MessageHandler handler) {
        return message -> counted(() -> { handler.handle(message); return null; });
    }

    protected final CommandHandler countedCommand(CommandHandler handler) {
        return command -> counted(() -> handler.handle(command));
    }

    protected final void countError() { errors.incrementAndGet(); }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    /** Listens, registers (in the background: the client retries until the conductor answers), mirrors the state. */
    final void start() throws IOException {
        // Bound to every interface: the registered host is how others reach us, whichever interface that is.
        httpThreads = Executors.newCachedThreadPool(daemonThreads("orchestra-http-" + name));
        server = HttpServer.create(new InetSocketAddress(settings.ports().getOrDefault(name, 0)), 0);
        server.createContext("/", this::dispatch);
        server.setExecutor(httpThreads);
        var builder = HarmonyClient.builder()
                .conductor(settings.conductor())
                .component(name)
                .version(VERSION)
                .port(port())
                .host(settings.host())
                .capabilities(capabilities)
                .healthCheckUrl(baseUri() + "/health")
                .metrics(this::metrics);
        wire(builder);
        client = builder.build();
        server.start();   // after the client exists: every handler may use it
        client.start();
        stateWatch = client.state().watch("", new StateMirror());
        started();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (server != null) server.stop(0);
        if (stateWatch != null) stateWatch.close();
        stopping();
        if (client != null) client.close();   // deregisters
        if (httpThreads != null) httpThreads.shutdownNow();
        synchronized (outboundLock) {
            if (outboundThreads != null) outboundThreads.shutdownNow();
        }
    }

    private Map<String, Number> metrics() {
        var metrics = new LinkedHashMap<String, Number>();
        metrics.put("requests_total", requestsTotal.get());
        metrics.put("errors", errors.get());
        metrics.put("requests_per_minute", rate.perMinute());
        metrics.putAll(ownMetrics());
        return metrics;
    }

    private <T> T counted(Callable<T> work) throws Exception {
        requestsTotal.incrementAndGet();
        rate.mark();
        try {
            return work.call();
        } catch (Exception e) {
            errors.incrementAndGet();
            throw e;
        }
    }

    /** Keeps the mirror: the watch replays every existing key, then each change. */
    private final class StateMirror implements StateListener {
        @Override
        public void changed(String key, JsonNode value, String version) {
            state.put("echo:" + key, value);
            LOG.log(INFO, name + ": state echo:" + key + " = " + (value.isTextual() ? value.asText() : value));
        }

        @Override
        public void deleted(String key) {
            state.remove("echo:" + key);
            LOG.log(INFO, name + ": state echo:" + key + " deleted");
        }
    }

    // ---- HTTP --------------------------------------------------------------------------------------------------

    /** Answers one call; throws BadInputException for a 4xx. */
    @FunctionalInterface
    protected interface Handler { Reply handle(Call call) throws Exception; }

    private record Route(String method, String path, Handler handler) {
        boolean matches(String requestPath) {
            return path.endsWith("/*") ? requestPath.startsWith(path.substring(0, path.length() - 1)) : requestPath.equals(path);
        }
    }

    private record Health(String status, String component, String componentId) {}

    private record StateView(String component, String componentId, Map<String, JsonNode> state) {}

    /** The error body every endpoint answers with, as the conductor's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiError(String error, String field) {}

    private void dispatch(HttpExchange exchange) {
        requestsTotal.incrementAndGet();
        rate.mark();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Reply reply;
        try {
            reply = route(method, path, Call.read(exchange));
        } catch (BadInputException e) {
            reply = Reply.error(e.status(), e.getMessage(), e.field());
        } catch (Exception e) {
            LOG.log(WARNING, name + ": " + method + " " + path + " failed", e);
            reply = Reply.error(500, "internal error: " + e, null);
        }
        if (reply.status() >= 500) errors.incrementAndGet();
        try (exchange) {
            if (reply.contentType() != null) exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            boolean empty = reply.body().length == 0 || method.equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
            if (!empty) exchange.getResponseBody().write(reply.body());
        } catch (IOException e) {
            LOG.log(DEBUG, name + ": client went away during " + method + " " + path, e);
        }
    }

    private Reply route(String method, String path, Call call) throws Exception {
        boolean pathKnown = false;
        for (Route route : routes) {
            if (!route.matches(path)) continue;
            pathKnown = true;
            if (route.method().equals("*") || route.method().equals(method)) return route.handler().handle(call);
        }
        return pathKnown ? Reply.error(405, "method " + method + " not allowed on " + path, null)
                : Reply.error(404, "no such path: " + path, null);
    }

    /** Sends the call on to {@code target} (method, body, content type, authorization) and relays the answer. */
    protected final Reply forward(Call call, URI target) {
        HttpRequest request;
        try {
            var builder = HttpRequest.newBuilder(target).timeout(FORWARD_TIMEOUT).method(call.method(),
                    call.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
            if (call.contentType() != null) builder.header("Content-Type", call.contentType());
            if (call.authorization() != null) builder.header("Authorization", call.authorization());
            request = builder.build();
        } catch (IllegalArgumentException e) {   // a method or URI java.net.http refuses
            throw new BadInputException(400, "cannot forward: " + e.getMessage(), null);
        }
        try {
            var response = outbound().send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            return Reply.error(502, target.getAuthority() + " did not answer: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(502, "interrupted while waiting for " + target.getAuthority(), null);
        }
    }

    private HttpClient outbound() {
        synchronized (outboundLock) {
            if (outbound == null) {
                outboundThreads = Executors.newCachedThreadPool(daemonThreads("orchestra-forward-" + name));
                outbound = HttpClient.newBuilder().executor(outboundThreads).connectTimeout(CONNECT_TIMEOUT).build();
            }
            return outbound;
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        var count = new AtomicInteger();
        return runnable -> {
            var thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One HTTP call as the handlers see it: the path decoded, the raw path and query kept for forwarding. */
    protected record Call(String method, String path, String rawPath, String rawQuery, Map<String, String> query,
                          String contentType, String authorization, byte[] body) {

        static Call read(HttpExchange exchange) throws IOException {
            URI uri = exchange.getRequestURI();
            var headers = exchange.getRequestHeaders();
            return new Call(exchange.getRequestMethod(), uri.getPath(), uri.getRawPath(), uri.getRawQuery(),
                    parseQuery(uri.getRawQuery()), headers.getFirst("Content-Type"), headers.getFirst("Authorization"),
                    readBody(exchange.getRequestBody()));
        }

        /** The body as a JSON object; 400 when it is missing, malformed or not an object. */
        JsonNode json() {
            if (body.length == 0) throw new BadInputException(400, "a JSON body is required", null);
            JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (IOException e) {
                throw new BadInputException(400, "malformed JSON: " + firstLine(e), null);
            }
            if (!node.isObject()) throw new BadInputException(400, "the body must be a JSON object", null);
            return node;
        }

        /** The path after {@code prefix}, e.g. the id in /metrics/{id}. */
        String after(String prefix) { return path.substring(prefix.length()); }

        static Map<String, String> parseQuery(String rawQuery) {
            var query = new LinkedHashMap<String, String>();
            if (rawQuery == null || rawQuery.isEmpty()) return query;
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                try {
                    query.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(400, "bad query parameter: " + pair, null);
                }
            }
            return query;
        }

        private static byte[] readBody(InputStream in) throws IOException {
            byte[] body = in.readNBytes(MAX_BODY + 1);   // counts bytes, so a chunked body is bounded too
            if (body.length > MAX_BODY) throw new BadInputException(413, "body over " + MAX_BODY + " bytes", null);
            return body;
        }

        private static String firstLine(IOException e) {
            String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
        }
    }

    /** One HTTP answer: status, content type (null for none) and body bytes. */
    protected record Reply(int status, String contentType, byte[] body) {
        static Reply json(int status, Object body) {
            try {
                return new Reply(status, "application/json", JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Reply ok(Object body) { return json(200, body); }

        static Reply error(int status, String error, String field) { return json(status, new ApiError(error, field)); }
    }

    /** Input the component refuses: a 4xx with the conductor's error shape, or a failed handler when not over HTTP. */
    static final class BadInputException extends RuntimeException {
        private final int status;
        private final String field;

        BadInputException(int status, String message, String field) {
            super(message);
            this.status = status;
            this.field = field;
        }

        BadInputException(String message, String field) { this(400, message, field); }

        int status() { return status; }

        String field() { return field; }
    }

    // ---- reading JSON fields strictly, as the conductor does (a number is no string) -----------------------------

    static String text(JsonNode object, String field, boolean required) {
        JsonNode value = object == null ? null : object.get(field);
        if (value == null || value.isNull()) {
            if (required) throw new BadInputException(field + " is required", field);
            return null;
        }
        if (!value.isTextual()) throw new BadInputException(field + " must be a string", field);
        if (required && value.asText().isBlank()) throw new BadInputException(field + " must not be blank", field);
        return value.asText();
    }

    static boolean flag(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        if (value == null || value.isNull()) return false;
        if (!value.isBoolean()) throw new BadInputException(field + " must be true or false", field);
        return value.asBoolean();
    }
}
