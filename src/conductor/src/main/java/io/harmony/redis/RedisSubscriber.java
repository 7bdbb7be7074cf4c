package io.harmony.redis;


import java.util.List;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A Redis pub/sub subscription that survives Redis restarts: one dedicated connection (a subscribed connection can
 * run no other command), re-established with backoff whenever it ends, after which {@code onSubscribed} runs so the
 * owner can catch up on what it may have missed while it was not listening. Quarkus' pub/sub Multi ends for good
 * does not come back after its connection drops (long-poll wake-ups stopped for good after a Redis restart), which
 * is why this holds the Vert.x connection itself.
 */
public final class RedisSubscriber implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisSubscriber.class);
    private static final long MIN_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 1000; // recovery within 10 s of Redis returning needs a short ceiling

    private final Vertx vertx;
    private final String name;
    private final RedisOptions options;
    private final List<String> channels;
    private final List<String> patterns;
    private final BiConsumer<String, String> onMessage;
    private final Runnable onSubscribed;
    private volatile boolean closed;
    private volatile boolean subscribed;
    private Redis client; // one client per connection attempt, closed with it: closing a pooled connection alone would keep it
    private long backoffMs = MIN_BACKOFF_MS;

    /**
     * @param channels channels to SUBSCRIBE
     * @param patterns patterns to PSUBSCRIBE
     * @param onMessage (channel, message), on the event loop: hand heavy work to another thread
     * @param onSubscribed run after every (re)subscription
     */
    public RedisSubscriber(Vertx vertx, String connectionString, String name, List<String> channels, List<String> patterns,
            BiConsumer<String, String> onMessage, Runnable onSubscribed) {
        this.vertx = vertx;
        this.name = name;
        this.options = new RedisOptions().setConnectionString(connectionString).setPoolName("harmony-subscriber")
                // keep-alive: a peer that vanished without closing the socket is eventually noticed too
                .setNetClientOptions(new NetClientOptions().setTcpKeepAlive(true).setConnectTimeout(1000));
        this.channels = List.copyOf(channels);
        this.patterns = List.copyOf(patterns);
        this.onMessage = onMessage;
        this.onSubscribed = onSubscribed;
    }

    public void start() {
        connect();
    }

    /** True while the subscription is established (false during a Redis outage, until it is re-established). */
    public boolean isSubscribed() {
        return subscribed;
    }

    private void connect() {
        if (closed) {
            return;
        }
        Redis attempt = Redis.createClient(vertx, options);
        synchronized (this) {
            client = attempt;
        }
        attempt.connect().onSuccess(conn -> {
            if (closed) {
                attempt.close();
                return;
            }
            conn.handler(this::dispatch);
            conn.exceptionHandler(e -> LOG.debugf("%s subscription error: %s", name, e.getMessage()));
            conn.endHandler(v -> {
                attempt.close();
                retry("connection closed");
            });
            subscribe(attempt, conn);
        }).onFailure(e -> {
            attempt.close();
            retry("cannot connect: " + e.getMessage());
        });
    }

    private void subscribe(Redis attempt, RedisConnection conn) {
        var done = io.vertx.core.Future.<Response>succeededFuture();
        if (!channels.isEmpty()) {
            Request sub = Request.cmd(Command.SUBSCRIBE);
            channels.forEach(sub::arg);
            done = done.compose(r -> conn.send(sub));
        }
        if (!patterns.isEmpty()) {
            Request psub = Request.cmd(Command.PSUBSCRIBE);
            patterns.forEach(psub::arg);
            done = done.compose(r -> conn.send(psub));
        }
        done.onSuccess(r -> {
            boolean wasDown = backoffMs > MIN_BACKOFF_MS;
            backoffMs = MIN_BACKOFF_MS;
            subscribed = true;
            if (wasDown) {
                LOG.infof("%s subscription re-established", name);
            }
            vertx.executeBlocking(() -> {
                onSubscribed.run();
                return null;
            }, false).onFailure(e -> LOG.warnf("%s catch-up after subscribing failed: %s", name, e.getMessage()));
        }).onFailure(e -> {
            attempt.close();
            retry("cannot subscribe: " + e.getMessage());
        });
    }

    private void dispatch(Response message) {
        // ["message", channel, payload] or ["pmessage", pattern, channel, payload]
        if (message == null || message.size() < 3) {
            return;
        }
        String kind = message.get(0).toString();
        if ("message".equals(kind)) {
            onMessage.accept(message.get(1).toString(), message.get(2) == null ? null : message.get(2).toString());
        } else if ("pmessage".equals(kind) && message.size() >= 4) {
            onMessage.accept(message.get(2).toString(), message.get(3) == null ? null : message.get(3).toString());
        }
    }

    private void retry(String why) {
        subscribed = false;
        if (closed) {
            return;
        }
        if (backoffMs == MIN_BACKOFF_MS) {
            LOG.warnf("%s subscription lost (%s); reconnecting every %d ms at most", name, why, MAX_BACKOFF_MS);
        }
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        vertx.setTimer(delay, t -> connect());
    }

    @Override
    public void close() {
        closed = true;
        subscribed = false;
        Redis current;
        synchronized (this) {
            current = client;
            client = null;
        }
        if (current != null) {
            current.close();
        }
    }
}
