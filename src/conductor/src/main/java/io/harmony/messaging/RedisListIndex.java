package io.harmony.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.harmony.json.Json;
import io.harmony.kafka.TailConsumer;
import io.harmony.redis.LuaScript;
import io.harmony.redis.RedisCalls;
import io.harmony.redis.RedisKeys;
import io.harmony.redis.RedisSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Turns a keyed topic into per-key Redis lists that receivers pop atomically: the queue of each recipient (and the
 * pending requests of each instance). One consumer group for the topic (not one per recipient: a group takes seconds
 * to join and thousands of recipients would mean thousands of groups) appends each partition's records in order with a
 * Lua script that skips offsets at or below the partition's watermark, so a rebalance or a retry never appends twice.
 * The script then publishes the new watermark and the keys that got items, which wakes long-polls and lets a sender
 * answer only once its message can be received, on every replica.
 */
final class RedisListIndex {
    private static final Logger LOG = Logger.getLogger(RedisListIndex.class);

    // KEYS[1] watermark hash; ARGV[1] partition, ARGV[2] list key prefix, ARGV[3] ttl seconds (0 = none),
    // ARGV[4] channel for watermarks, ARGV[5] channel for keys, ARGV[6] the chunk's last offset (records skipped as
    // undeliverable count as done); then (offset, key, value) triples.
    private static final String APPEND = """
            local wm = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
            local keys = {}
            for i = 7, #ARGV, 3 do
              local off = tonumber(ARGV[i])
              if off > wm then
                local list = ARGV[2] .. ARGV[i + 1]
                redis.call('RPUSH', list, ARGV[i + 2])
                if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', list, ARGV[3]) end
                keys[ARGV[i + 1]] = true
                wm = off
              end
            end
            if tonumber(ARGV[6]) > wm then wm = tonumber(ARGV[6]) end
            redis.call('HSET', KEYS[1], ARGV[1], wm)
            redis.call('PUBLISH', ARGV[4], ARGV[1] .. ':' .. wm)
            for k, _ in pairs(keys) do redis.call('PUBLISH', ARGV[5], k) end
            return wm
            """;

    private static final LuaScript APPEND_SCRIPT = new LuaScript(APPEND);
    /** The consumer's committed offsets are only a restart hint (the watermark decides): commit at most this often. */
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);

    private final String topic;
    private final String listPrefix;
    private final long ttlSeconds;
    private final String watermarkKey;
    private final String watermarkChannel;
    private final String keysChannel;
    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final RedisCalls calls;
    private final ReactiveListCommands<String, String> lists;
    private final TailConsumer consumer;
    private final Map<Integer, Long> watermarks = new ConcurrentHashMap<>();
    private final Map<Integer, PriorityQueue<Waiter>> indexWaiters = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<Void>>> keyWaiters = new ConcurrentHashMap<>();
    private volatile RedisSubscriber subscriber;

    private record Waiter(long offset, CompletableFuture<Void> done) {
    }

    RedisListIndex(String topic, String listPrefix, long ttlSeconds, RedisDataSource redis, ReactiveRedisDataSource reactive,
            RedisCalls calls, String bootstrap, MeterRegistry meters) {
        this.topic = topic;
        this.listPrefix = listPrefix;
        this.ttlSeconds = ttlSeconds;
        this.watermarkKey = RedisKeys.indexWatermarks(topic);
        this.watermarkChannel = RedisKeys.indexedChannel(topic);
        this.keysChannel = RedisKeys.arrivedChannel(topic);
        this.redis = redis;
        this.reactive = reactive;
        this.calls = calls;
        this.lists = reactive.list(String.class);
        // One group for all replicas; a record that Redis did not take is read again (TailConsumer retries the batch),
        // and the script's watermark makes the second append of a record a no-op.
        this.consumer = TailConsumer.builder("index-" + topic, bootstrap, topic).group("harmony-index-" + topic, "earliest")
                .commitEvery(COMMIT_EVERY).meters(meters)
                .setting(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000")
                .setting(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000") // find topics created after start within seconds
                .handler(this::append).build();
    }

    String listKey(String key) {
        return listPrefix + key;
    }

    /** A receive by a component name with no instance yet has nothing to listen on: it looks again this often. */
    private static final Duration NO_KEY_RECHECK = Duration.ofSeconds(1);

    /**
     * Pops from the lists of {@code keys} (asked again each round: a component's instances come and go) until
     * {@code max} items or one non-empty round; when all are empty, waits up to {@code deadline} for any to fill.
     */
    Uni<List<String>> receive(Supplier<List<String>> keys, int max, Instant deadline) {
        List<String> now = keys.get();
        return popAny(now, max).flatMap(found -> {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!found.isEmpty() || left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(found);
            }
            List<CompletableFuture<Void>> arrivals = now.stream().map(this::arrival).toList();
            // Pop once more after listening: an item that arrived in between is not missed.
            return popAny(now, max).flatMap(again -> {
                if (!again.isEmpty()) {
                    arrivals.forEach(a -> a.cancel(false));
                    return Uni.createFrom().item(again);
                }
                // With no key to listen on (a name with no instance yet), look again every second.
                Duration wait = Duration.between(Instant.now(), deadline).plusMillis(1);
                CompletableFuture<Object> any = arrivals.isEmpty() ? new CompletableFuture<>()
                        : CompletableFuture.anyOf(arrivals.toArray(CompletableFuture[]::new));
                if (arrivals.isEmpty() && wait.compareTo(NO_KEY_RECHECK) > 0) {
                    wait = NO_KEY_RECHECK;
                }
                return Uni.createFrom().completionStage(any)
                        .ifNoItem().after(wait).recoverWithItem((Object) null)
                        .onTermination().invoke(() -> arrivals.forEach(a -> a.cancel(false)))
                        .flatMap(ignored -> receive(keys, max, deadline));
            });
        });
    }

    private Uni<List<String>> popAny(List<String> keys, int max) {
        Uni<List<String>> result = Uni.createFrom().item(new ArrayList<>());
        for (String key : keys) {
            result = result.flatMap(acc -> acc.size() >= max ? Uni.createFrom().item(acc)
                    : pop(key, max - acc.size()).map(more -> {
                        acc.addAll(more);
                        return acc;
                    }));
        }
        return result;
    }

    /** How many items the list of {@code key} holds now (LLEN); a 503 when Redis cannot say in time. */
    Uni<Long> length(String key) {
        return calls.bounded(lists.llen(listKey(key)));
    }

    private Uni<List<String>> pop(String key, int max) {
        return calls.bounded(reactive.list(String.class).lpop(listKey(key), max))
                .map(items -> items == null ? new ArrayList<>() : new ArrayList<>(items));
    }

    void start(Vertx vertx, String redisUrl) {
        subscriber = new RedisSubscriber(vertx, redisUrl, "index of " + topic, List.of(watermarkChannel, keysChannel), List.of(),
                (channel, message) -> {
                    if (channel.equals(watermarkChannel)) {
                        watermarkPublished(message);
                    } else {
                        keyArrived(message);
                    }
                }, this::resubscribed);
        subscriber.start();
        consumer.start();
    }

    void stop() {
        consumer.close();
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /**
     * After (re)subscribing, announcements made while not listening are lost: read the watermarks from Redis and wake
     * every waiting receive so it looks at its list again.
     */
    private void resubscribed() {
        try {
            redis.hash(Long.class).hgetall(watermarkKey).forEach((partition, wm) -> {
                int p = Integer.parseInt(partition);
                watermarks.merge(p, wm, Math::max);
                release(p, watermarks.get(p));
            });
        } catch (RuntimeException e) {
            LOG.debugf("cannot read watermarks of %s: %s", topic, e.getMessage());
        }
        keyWaiters.values().forEach(waiting -> waiting.forEach(f -> f.complete(null)));
    }

    /** False while the announcements cannot be heard (Redis down): nobody should wait for them then. */
    boolean isListening() {
        RedisSubscriber s = subscriber;
        return s != null && s.isSubscribed();
    }

    /** Completes once the record at (partition, offset) is in its list, so a receive that starts now sees it. */
    CompletableFuture<Void> indexed(int partition, long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        PriorityQueue<Waiter> queue = indexWaiters.computeIfAbsent(partition, p -> new PriorityQueue<>(
                (a, b) -> Long.compare(a.offset(), b.offset())));
        synchronized (queue) {
            queue.add(new Waiter(offset, done));
        }
        release(partition, watermarks.getOrDefault(partition, -1L));
        return done;
    }

    /** Completes when items arrive in the list of {@code key} (any replica's indexer), or never: callers bound it. */
    CompletableFuture<Void> arrival(String key) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        keyWaiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(done);
        done.whenComplete((ok, e) -> keyWaiters.computeIfPresent(key, (k, l) -> {
            l.remove(done);
            return l.isEmpty() ? null : l;
        }));
        return done;
    }

    private void watermarkPublished(String message) {
        int colon = message.indexOf(':');
        try {
            int partition = Integer.parseInt(message.substring(0, colon));
            long wm = Long.parseLong(message.substring(colon + 1));
            watermarks.merge(partition, wm, Math::max);
            release(partition, watermarks.get(partition));
        } catch (RuntimeException e) {
            LOG.debugf("bad watermark message %s", message);
        }
    }

    private void keyArrived(String key) {
        List<CompletableFuture<Void>> waiting = keyWaiters.get(key);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(null));
        }
    }

    private void release(int partition, long wm) {
        PriorityQueue<Waiter> queue = indexWaiters.get(partition);
        if (queue == null) {
            return;
        }
        List<Waiter> ready = new ArrayList<>();
        synchronized (queue) {
            while (!queue.isEmpty() && queue.peek().offset() <= wm) {
                ready.add(queue.poll());
            }
        }
        ready.forEach(w -> w.done().complete(null));
    }

    private void append(ConsumerRecords<String, String> records) {
        for (TopicPartition tp : records.partitions()) {
            append(tp.partition(), records.records(tp));
        }
    }

    /** Appends in chunks of at most ~4 MB of values, so one script call never carries an unbounded request. */
    private void append(int partition, List<ConsumerRecord<String, String>> records) {
        List<ConsumerRecord<String, String>> chunk = new ArrayList<>();
        long bytes = 0;
        for (ConsumerRecord<String, String> r : records) {
            chunk.add(r);
            bytes += r.value() == null ? 0 : r.value().length();
            if (bytes > 4_000_000) {
                appendChunk(partition, chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!chunk.isEmpty()) {
            appendChunk(partition, chunk);
        }
    }

    private void appendChunk(int partition, List<ConsumerRecord<String, String>> records) {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(partition));
        args.add(listPrefix);
        args.add(Long.toString(ttlSeconds));
        args.add(watermarkChannel);
        args.add(keysChannel);
        args.add(Long.toString(records.get(records.size() - 1).offset()));
        for (ConsumerRecord<String, String> r : records) {
            if (r.key() == null || r.value() == null || !Json.isWellFormed(r.value())) {
                // No recipient, no body, or a foreign producer's undecodable value: it cannot be delivered. Checked
                // here, once, so that a receive hands out the stored JSON as it is.
                continue;
            }
            args.add(Long.toString(r.offset()));
            args.add(r.key());
            args.add(r.value());
        }
        // Redis down: this throws, the consumer reads the batch again after a backoff, and nothing is committed past it.
        APPEND_SCRIPT.run(redis, List.of(watermarkKey), args);
    }
}
