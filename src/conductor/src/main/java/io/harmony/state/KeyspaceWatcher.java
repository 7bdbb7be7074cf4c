package io.harmony.state;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import io.harmony.config.StartOrder;
import jakarta.annotation.Priority;
import io.harmony.redis.LuaScript;
import io.harmony.config.Endpoints;

import org.jboss.logging.Logger;

import io.harmony.redis.RedisKeys;
import io.harmony.redis.RedisSubscriber;
import io.harmony.events.EventPublisher;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The one source of {@code state-changed} / {@code state-deleted} events: it listens to Redis keyspace notifications
 * of {@code echo:*}, so a {@code redis-cli SET} counts exactly like a PUT through the API.
 *
 * <p>Every replica hears every notification. Which one announces a change is decided inside Redis, per change rather
 * than by a leader lock: a Lua script compares the key's current version with the version last announced (a hash under
 * {@code harmony:}) and only the replica whose script moved it announces. No leader means no failover gap in which
 * changes go unannounced, and the same comparison folds a burst of notifications into the states actually seen.
 * A change is a change of version, i.e. of the stored bytes: re-writing identical bytes announces nothing.
 *
 * <p>After every (re)subscription — start-up, or Redis coming back — it reconciles: every {@code echo:} key and every
 * announced key goes through the same script, so changes made while nobody listened are announced too.
 */
@Singleton
public class KeyspaceWatcher {
    private static final Logger LOG = Logger.getLogger(KeyspaceWatcher.class);
    static final String FROM = "harmony-state";

    // KEYS[1] the echo: key, KEYS[2] the announced-versions hash.
    // Answers nil (nothing new), {'set', value, version} or {'del'}; keys of other Redis types are not state.
    private static final String CLAIM = """
            local t = redis.call('TYPE', KEYS[1])['ok']
            local seen = redis.call('HGET', KEYS[2], KEYS[1])
            if t == 'string' then
              local v = redis.call('GET', KEYS[1])
              local ver = redis.sha1hex(v)
              if seen == ver then return nil end
              redis.call('HSET', KEYS[2], KEYS[1], ver)
              return {'set', v, ver}
            elseif t == 'none' and seen then
              redis.call('HDEL', KEYS[2], KEYS[1])
              return {'del'}
            end
            return nil
            """;

    private static final LuaScript CLAIM_SCRIPT = new LuaScript(CLAIM);

    private final RedisDataSource redis;
    private final EventPublisher events;
    private final RedisSubscriber subscriber;
    /** One thread, so one key's announcements leave in the order Redis saw them. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "harmony-state-watcher");
        t.setDaemon(true);
        return t;
    });
    /** Keys queued for the worker: a burst of notifications of one key costs one script call. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    KeyspaceWatcher(Vertx vertx, RedisDataSource redis, EventPublisher events, Endpoints endpoints) {
        this.redis = redis;
        this.events = events;
        this.subscriber = new RedisSubscriber(vertx, endpoints.redisUrl(), "state watcher", List.of(),
                List.of(RedisKeys.STATE_KEYSPACE_PATTERN), this::notified, this::subscribed);
    }

    void onStart(@Observes @Priority(StartOrder.AFTER_STREAMS) StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    void start() {
        subscriber.start();
    }

    void stop() {
        subscriber.close();
        worker.shutdownNow();
    }

    /** True while keyspace notifications are being received (false during a Redis outage). */
    public boolean isListening() {
        return subscriber.isSubscribed();
    }

    private void notified(String channel, String operation) {
        // channel: __keyspace@<db>__:echo:<key>
        int at = channel.indexOf("__:");
        if (at > 0) {
            enqueue(channel.substring(at + 3));
        }
    }

    private void enqueue(String redisKey) {
        if (queued.add(redisKey)) {
            submit(() -> {
                queued.remove(redisKey); // before the script: a change arriving meanwhile queues another look
                announce(redisKey);
            });
        }
    }

    private void subscribed() {
        checkNotificationsEnabled();
        submit(this::reconcile);
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("state watcher stopped; notification dropped");
        }
    }

    /** Announces the key's state if no replica announced this version yet. */
    void announce(String redisKey) {
        Response claimed;
        try {
            claimed = CLAIM_SCRIPT.run(redis, List.of(redisKey, RedisKeys.STATE_ANNOUNCED), List.of());
        } catch (RuntimeException e) {
            // Redis went away: the reconciliation after the subscription comes back looks at this key again.
            LOG.debugf("cannot claim %s: %s", redisKey, e.getMessage());
            return;
        }
        if (claimed == null || claimed.size() == 0) {
            return;
        }
        String key = StateKeys.apiKey(redisKey);
        String type;
        StateEventData data;
        if ("set".equals(claimed.get(0).toString())) {
            type = "state-changed";
            data = new StateEventData(key, redisKey, StateValues.fromStored(claimed.get(1).toString()), claimed.get(2).toString());
        } else {
            type = "state-deleted";
            data = new StateEventData(key, redisKey, null, null);
        }
        events.publish(FROM, type, data).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.errorf("%s of %s was claimed but could not be written to Kafka: %s", type, redisKey, e.getMessage());
            }
        });
    }

    /** Every echo: key and every announced key through the claim: announces what changed while nobody listened. */
    private void reconcile() {
        try {
            scan("SCAN", null, RedisKeys.STATE_PREFIX + "*");
            scan("HSCAN", RedisKeys.STATE_ANNOUNCED, null);
        } catch (RuntimeException e) {
            LOG.warnf("state reconciliation stopped (%s); it runs again when the subscription is re-established", e.getMessage());
        }
    }

    private void scan(String command, String hash, String match) {
        String cursor = "0";
        do {
            Response page = hash == null
                    ? redis.execute(command, cursor, "MATCH", match, "COUNT", "500")
                    : redis.execute(command, hash, cursor, "COUNT", "500");
            cursor = page.get(0).toString();
            Response items = page.get(1);
            // HSCAN pages alternate field, value
            for (int i = 0; i < items.size(); i += hash == null ? 1 : 2) {
                announce(items.get(i).toString());
            }
        } while (!"0".equals(cursor));
    }

    /** The embedded Redis has notifications on; an external one must have at least K, $ and g (README). */
    private void checkNotificationsEnabled() {
        try {
            Response r = redis.execute("CONFIG", "GET", "notify-keyspace-events");
            // RESP3 answers a map, RESP2 a [name, value] array
            String flags = r == null ? "" : r.isMap() ? String.valueOf(r.get("notify-keyspace-events")) : r.size() < 2 ? "" : r.get(1).toString();
            boolean keyspace = flags.contains("K");
            boolean strings = flags.contains("A") || flags.contains("$");
            boolean generic = flags.contains("A") || flags.contains("g");
            if (!keyspace || !strings || !generic) {
                LOG.errorf("*** Redis has notify-keyspace-events='%s': changes made directly in Redis are NOT announced. "
                        + "Set notify-keyspace-events KEA (or at least K$gx) on that Redis. ***", flags);
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot read notify-keyspace-events (%s); make sure it contains K$gx (README)", e.getMessage());
        }
    }
}
