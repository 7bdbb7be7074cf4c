package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.client.ConductorApi.Reply;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** A component's connection to the Harmony conductor: lease, requests, messages, events, shared state and discovery. */
public final class HarmonyClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.harmony.client");
    /** close() joins the client's threads for at most this long. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    /** Deregistering is a courtesy (the conductor expires silent leases anyway): it must not hold up a shutdown. */
    private static final Duration DEREGISTER_BOUND = Duration.ofSeconds(2);
    private static final int RECEIVE_WAIT_SECONDS = 20;

    /** Body of POST /queue/send, alone or in a batch. */
    record QueuedMessage(String from, String to, String messageType, JsonNode payload) {}

    /** Body of a batch POST /queue/send. */
    record Batch(List<QueuedMessage> messages) {}

    /** Body of POST /broadcast. */
    record Broadcast(String from, String eventType, JsonNode data) {}

    /** Body of POST /request; payload and timeout_seconds left out when not given. */
    record RequestBody(String from, String to, String requestType, JsonNode payload, Double timeoutSeconds) {}

    private final String component;
    private final URI conductor;
    private final ClientThreads threads;
    private final ConductorApi api;
    private final Lease lease;
    private final RequestDispatcher dispatcher;
    private final MessageHandler messageHandler;
    private final Properties kafka;
    private final PayloadCipher cipher;
    private final boolean deregisterOnClose;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final SharedState state;
    private final Thread shutdownHook;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Discovery discovery;   // guarded by this; started on first use

    private HarmonyClient(Builder b) {
        this.component = b.component;
        this.conductor = b.conductor;
        this.messageHandler = b.messageHandler;
        this.kafka = b.kafka;
        this.cipher = new PayloadCipher(b.encryptionKeyId, b.encryptionKeys);
        this.deregisterOnClose = b.deregisterOnClose;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.threads = new ClientThreads(component);
        this.api = new ConductorApi(conductor, threads.cached("http"), b.token, b.sslContext);
        String healthCheckUrl = b.healthCheckUrl != null ? b.healthCheckUrl
                : "http://" + (b.host != null ? b.host : "localhost") + ":" + b.port + "/health";
        var registration = new Lease.Registration(component, b.version, b.port, b.capabilities, healthCheckUrl, b.host, b.metadata);
        this.lease = new Lease(api, threads, registration, b.metrics, b.status, Map.copyOf(b.commandHandlers), b.leaseListener,
                b.missedBeats, backoff(), threads.pool("commands", 1));   // one thread: commands run in the order issued
        this.dispatcher = new RequestDispatcher(Map.copyOf(b.requestHandlers), threads.pool("worker", b.requestWorkers));
        this.state = new SharedState(api, threads, this::backoff);
        if (b.shutdownHook) {
            shutdownHook = new Thread(this::close, "harmony-client-shutdown-" + component);
            shutdownHook.setDaemon(true);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the lease, the request loop and (with onMessage) the message loop; returns at once. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("harmony client is closed");
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        threads.start("lease", lease::run);
        threads.start("requests", kafka != null ? kafkaTransport()
                : new HttpRequestTransport(api, threads, lease, dispatcher, backoff()));
        if (messageHandler != null) {
            threads.start("messages", this::receiveMessages);
        }
    }

    /** In its own method so KafkaRequestTransport (and kafka-clients) is loaded only on this path. */
    private Runnable kafkaTransport() {
        return new KafkaRequestTransport(kafka, threads, lease, dispatcher, backoff(), cipher);
    }

    /** True once the first registration succeeded, false if that did not happen within {@code timeout}. */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        return lease.awaitRegistered(timeout);
    }

    /** This instance's id; null before the first registration. */
    public String componentId() {
        return lease.componentId();
    }

    public String component() {
        return component;
    }

    public URI conductor() {
        return conductor;
    }

    /** The conductor's heartbeat interval from the last registration; null before the first. */
    public Duration heartbeatInterval() {
        return lease.interval();
    }

    /** True while no beat was acknowledged for missedBeats × interval. */
    public boolean leaseAtRisk() {
        return lease.atRisk();
    }

    /** Queues a message for the component {@code to}; returns its message_id. */
    public String send(String to, String messageType, Object payload) {
        JsonNode body = api.call("POST", "/queue/send", new QueuedMessage(component, to, messageType, ConductorApi.tree(payload)));
        return ConductorApi.text(body, "message_id");
    }

    /** Queues all messages in one POST; returns their message_ids in order. */
    public List<String> sendBatch(List<OutgoingMessage> messages) {
        List<QueuedMessage> queued = messages.stream()
                .map(m -> new QueuedMessage(component, m.to(), m.messageType(), ConductorApi.tree(m.payload()))).toList();
        List<String> ids = new ArrayList<>();
        api.call("POST", "/queue/send", new Batch(queued)).path("message_ids").forEach(id -> ids.add(id.asText()));
        return List.copyOf(ids);
    }

    public void broadcast(String eventType, Object data) {
        api.call("POST", "/broadcast", new Broadcast(component, eventType, ConductorApi.tree(data)));
    }

    /**
     * Sends a request to a healthy instance of {@code to} and returns its response; a HarmonyException carries 504
     * (no reply in time), 503 (no healthy instance), 404 (unknown target) or 0 (no answer from the conductor).
     */
    public JsonNode request(String to, String requestType, Object payload, Duration timeout) {
        Double seconds = timeout == null ? null : timeout.toMillis() / 1000.0;
        // Longer than the conductor's own timeout, so its 504 (not ours) is what the caller sees.
        Duration wait = (timeout == null ? Duration.ofSeconds(10) : timeout).plusSeconds(5);
        var body = new RequestBody(component, to, requestType, payload == null ? null : ConductorApi.tree(payload), seconds);
        return ConductorApi.ok(api.send("POST", "/request", body, wait)).path("response");
    }

    /** Subscribes from now on; see {@link #subscribe(List, Long, EventListener)}. */
    public Subscription subscribe(List<String> patterns, EventListener listener) {
        return subscribe(patterns, null, listener);
    }

    /**
     * Subscribes to events whose type matches one of {@code patterns} ({@code *} = any run of characters), after
     * {@code lastEventId} when given. The subscription reconnects by itself and resumes where it stopped.
     */
    public Subscription subscribe(List<String> patterns, Long lastEventId, EventListener listener) {
        return new EventStream(api, threads, List.copyOf(patterns), lastEventId, backoff(), Objects.requireNonNull(listener), null);
    }

    public SharedState state() {
        return state;
    }

    /** The service cache; the first call fills it and starts keeping it fresh. */
    public synchronized Discovery discovery() {
        if (discovery == null) {
            Discovery started = new Discovery(api, threads, this::backoff);
            started.start();
            discovery = started;
        }
        return discovery;
    }

    /** Command results the conductor acknowledged, oldest first (the last 1,000). */
    public List<CommandResult> reportedResults() {
        return lease.reportedResults();
    }

    /** Stops every thread (joined, at most 5 s), deregisters first when deregisterOnClose. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                LOG.log(Level.DEBUG, "JVM already shutting down");
            }
        }
        long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
        threads.stopLoops(deadline);   // the lease is stopped before deregistering, so it cannot register again
        String id = lease.componentId();
        if (deregisterOnClose && id != null) {
            try {
                Reply reply = api.send("DELETE", "/services/" + ConductorApi.encode(id), null, DEREGISTER_BOUND);
                LOG.log(reply.ok() ? Level.INFO : Level.DEBUG, "deregistered {0}: {1}", id, reply.status());
            } catch (HarmonyException e) {
                LOG.log(Level.DEBUG, "deregistering {0} failed: {1}", id, e.getMessage());
            }
        }
        threads.stopAll(deadline);
    }

    private Backoff backoff() {
        return new Backoff(backoffInitial, backoffMax);
    }

    private void receiveMessages() {
        Backoff backoff = backoff();
        String path = "/queue/receive?component=" + ConductorApi.encode(component) + "&max=100&wait_seconds=" + RECEIVE_WAIT_SECONDS;
        try {
            while (!threads.closed()) {
                JsonNode messages;
                try {
                    messages = ConductorApi.ok(api.send("GET", path, null, Duration.ofSeconds(RECEIVE_WAIT_SECONDS + 10))).path("messages");
                    backoff.reset();
                } catch (HarmonyException e) {
                    if (!threads.closed()) {
                        LOG.log(backoff.fresh() ? Level.WARNING : Level.DEBUG, "receiving messages failed: {0}", e.getMessage());
                    }
                    backoff.pauseAfter(e);
                    continue;
                }
                // The whole batch is handled even when closing: the queue hands a message out only once.
                for (JsonNode m : messages) {
                    Message message = new Message(ConductorApi.text(m, "message_id"), ConductorApi.text(m, "from"),
                            ConductorApi.text(m, "to"), ConductorApi.text(m, "message_type"), m.path("payload"),
                            ConductorApi.instant(m, "sent_at"));
                    try {
                        messageHandler.handle(message);
                    } catch (Exception e) {
                        LOG.log(Level.WARNING, "message handler failed on " + message.messageId() + "; not redelivered", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "message loop stopped");
        }
    }

    /** Settings of a HarmonyClient; only component and port are required. */
    public static final class Builder {
        private URI conductor = URI.create(Objects.requireNonNullElse(System.getenv("HARMONY_URL"), "http://localhost:8888"));
        private String token = System.getenv("HARMONY_TOKEN");
        private SSLContext sslContext;
        private String component;
        private String version = "1.0.0";
        private int port;
        private String host;
        private List<String> capabilities = List.of();
        private String healthCheckUrl;
        private Map<String, String> metadata;
        private Supplier<Map<String, ? extends Number>> metrics;
        private Supplier<String> status = () -> "healthy";
        private final Map<String, RequestHandler> requestHandlers = new HashMap<>(Map.of("ping", request -> "pong"));
        private final Map<String, CommandHandler> commandHandlers = new HashMap<>();
        private MessageHandler messageHandler;
        private LeaseListener leaseListener;
        private int missedBeats = 3;
        private Properties kafka;
        private String encryptionKeyId;
        private final Map<String, String> encryptionKeys = new HashMap<>();
        private boolean deregisterOnClose = true;
        private boolean shutdownHook;
        private Duration backoffInitial = Duration.ofMillis(200);
        private Duration backoffMax = Duration.ofSeconds(10);
        private int requestWorkers = 4;

        private Builder() {}

        /** Default: environment variable HARMONY_URL, else http://localhost:8888. */
        public Builder conductor(String url) {
            return conductor(URI.create(url));
        }

        public Builder conductor(URI uri) {
            this.conductor = Objects.requireNonNull(uri);
            return this;
        }

        /**
         * The bearer token sent on every call, event streams included (a conductor with harmony.auth.enabled needs
         * one; a component token acts only as its own component). Default: environment variable HARMONY_TOKEN, else
         * none. Never logged.
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /**
         * TLS for an https conductor whose certificate the JVM does not trust by default (a private CA, a self-signed
         * certificate): an SSLContext initialised with a trust manager for it. Default: the JDK's trust store.
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        public Builder component(String name) {
            this.component = name;
            return this;
        }

        public Builder version(String version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default: the conductor takes the caller's remote address. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder capabilities(String... capabilities) {
            return capabilities(List.of(capabilities));
        }

        public Builder capabilities(List<String> capabilities) {
            this.capabilities = List.copyOf(capabilities);
            return this;
        }

        /** Default: http://&lt;host or localhost&gt;:&lt;port&gt;/health. */
        public Builder healthCheckUrl(String url) {
            this.healthCheckUrl = url;
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Map.copyOf(metadata);
            return this;
        }

        /** Read on every beat; a supplier that throws costs that beat its metrics, not the beat. */
        public Builder metrics(Supplier<Map<String, ? extends Number>> metrics) {
            this.metrics = metrics;
            return this;
        }

        /** healthy | degraded | unhealthy, read on every beat; default always healthy. */
        public Builder status(Supplier<String> status) {
            this.status = Objects.requireNonNull(status);
            return this;
        }

        /** "ping" is answered with "pong" unless replaced here. */
        public Builder onRequest(String requestType, RequestHandler handler) {
            requestHandlers.put(Objects.requireNonNull(requestType), Objects.requireNonNull(handler));
            return this;
        }

        public Builder onCommand(String command, CommandHandler handler) {
            commandHandlers.put(Objects.requireNonNull(command), Objects.requireNonNull(handler));
            return this;
        }

        /** With a handler, start() receives this component's queue (by name) and hands it each message in order. */
        public Builder onMessage(MessageHandler handler) {
            this.messageHandler = handler;
            return this;
        }

        public Builder leaseListener(LeaseListener listener) {
            this.leaseListener = listener;
            return this;
        }

        /** The lease is at risk after this many intervals without an acknowledgement; default 3, as the conductor's. */
        public Builder missedBeats(int missedBeats) {
            this.missedBeats = missedBeats;
            return this;
        }

        /** Kafka client settings: requests then come over harmony.requests / harmony.replies instead of HTTP. */
        public Builder kafka(Properties settings) {
            this.kafka = new Properties();
            this.kafka.putAll(settings);
            return this;
        }

        public Builder kafkaBootstrap(String servers) {
            Properties settings = new Properties();
            settings.put("bootstrap.servers", servers);
            return kafka(settings);
        }

        /**
         * The conductor's {@code harmony.encryption.key-id} and {@code .key} (base64 of 32 bytes). Only the Kafka path
         * needs it (over HTTP the conductor hands out plaintext): with it, request payloads read from harmony.requests
         * are decrypted and replies produced to harmony.replies are encrypted; without it a sealed request is skipped.
         */
        public Builder encryptionKey(String keyId, String base64Key) {
            putKey(keyId, base64Key);
            this.encryptionKeyId = keyId;
            return this;
        }

        /** A key of {@code harmony.encryption.old-keys}: still decrypts what was sealed under it, seals nothing. */
        public Builder oldEncryptionKey(String keyId, String base64Key) {
            putKey(keyId, base64Key);
            return this;
        }

        private void putKey(String keyId, String base64Key) {
            PayloadCipher.decode(keyId, base64Key);   // a bad key fails here, not on the first request
            String known = encryptionKeys.putIfAbsent(keyId, base64Key);
            if (known != null && !PayloadCipher.sameKey(known, base64Key)) {
                throw new IllegalArgumentException("key id " + keyId + " was given two different keys");
            }
        }

        public Builder deregisterOnClose(boolean deregister) {
            this.deregisterOnClose = deregister;
            return this;
        }

        /** Opt-in: a JVM shutdown hook that calls close(). */
        public Builder shutdownHook(boolean install) {
            this.shutdownHook = install;
            return this;
        }

        /** Retry delays of every loop: capped exponential with full jitter; default 200 ms .. 10 s. */
        public Builder backoff(Duration initial, Duration max) {
            new Backoff(initial, max);   // validates now rather than inside a loop thread
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        public Builder requestWorkers(int workers) {
            this.requestWorkers = workers;
            return this;
        }

        public HarmonyClient build() {
            if (component == null || component.isBlank()) {
                throw new IllegalStateException("component is required");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalStateException("port is required (1-65535), got " + port);
            }
            if (missedBeats < 1 || requestWorkers < 1) {
                throw new IllegalStateException("missedBeats and requestWorkers must be at least 1");
            }
            return new HarmonyClient(this);
        }
    }
}
