package io.harmony.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.harmony.config.Json;
import io.harmony.config.KafkaClients;
import io.harmony.config.KafkaNames.Topics;
import io.harmony.config.RedisCalls;
import io.harmony.config.RedisKeys;
import io.harmony.config.RedisSubscriber;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Durable point-to-point queues. A message is on harmony.messages (key = recipient) before it is acknowledged, and in
 * its recipient's Redis list before the 202, so a receive that starts after the 202 sees it. Receiving pops
 * atomically in Redis (LPOP with a count): consumers of one component, on any replica, share its queue and no message
 * is handed out twice. Positions live in Redis (the lists and the per-partition watermark), never in one JVM.
 */
@Singleton
public class QueueService {
    /** How long a send waits for its message to become receivable; past it the 202 still stands (it is on Kafka). */
    private static final long INDEX_WAIT_MS = 5000;
    /** A receive by a component name with no instance yet has nothing to listen on: it looks again this often. */
    private static final Duration NO_KEY_RECHECK = Duration.ofSeconds(1);

    private final KafkaClients kafka;
    private final ReactiveRedisDataSource reactive;
    private final Vertx vertx;
    private final String redisHosts;
    private final RedisListIndex index;

    QueueService(KafkaClients kafka, RedisDataSource redis, ReactiveRedisDataSource reactive,
            Vertx vertx, @ConfigProperty(name = "quarkus.redis.hosts") String redisHosts,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.vertx = vertx;
        this.redisHosts = redisHosts;
        this.kafka = kafka;
        this.reactive = reactive;
        this.index = new RedisListIndex(Topics.MESSAGES, RedisKeys.QUEUE_PREFIX, 0, redis, bootstrap);
    }

    void onStart(@Observes StartupEvent event) {
        index.start(vertx, RedisSubscriber.firstHost(redisHosts));
    }

    void onStop(@Observes ShutdownEvent event) {
        index.stop();
    }

    /** Sends all, in order; completes with their ids once each is durable and receivable. */
    public Uni<List<String>> send(List<SendMessage> messages) {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (SendMessage m : messages) {
            QueuedMessage queued = new QueuedMessage(UUID.randomUUID().toString(), m.from(), m.to(), m.messageType(),
                    m.payload(), Instant.now());
            ids.add(queued.messageId());
            acks.add(kafka.send(Topics.MESSAGES, m.to(), json(queued)));
        }
        CompletableFuture<Void> receivable = CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> CompletableFuture.allOf(acks.stream()
                        .map(CompletableFuture::join)
                        // Redis down: the message is durable in Kafka and indexed when Redis is back; answer now
                        // rather than hold every sender for INDEX_WAIT_MS.
                        .map(md -> index.isListening() ? index.indexed(md.partition(), md.offset())
                                .completeOnTimeout(null, INDEX_WAIT_MS, TimeUnit.MILLISECONDS) : CompletableFuture.<Void>completedFuture(null))
                        .toArray(CompletableFuture[]::new)));
        return Uni.createFrom().completionStage(receivable).map(ignored -> ids);
    }

    /**
     * The oldest {@code max} messages for {@code component}, each the JSON text stored by the indexer (checked there);
     * when none, waits up to {@code wait} for one.
     */
    public Uni<List<String>> receive(String component, int max, Duration wait) {
        return receive(index, component, max, Instant.now().plus(wait), reactive);
    }

    static Uni<List<String>> receive(RedisListIndex index, String key, int max, Instant deadline, ReactiveRedisDataSource redis) {
        List<String> keys = List.of(key);
        return receive(index, () -> keys, max, deadline, redis);
    }

    /**
     * Pops from the lists of {@code keys} (asked again each round: a component's instances come and go) until
     * {@code max} items or one non-empty round; when all are empty, waits up to {@code deadline} for any to fill.
     */
    static Uni<List<String>> receive(RedisListIndex index, Supplier<List<String>> keys, int max, Instant deadline,
            ReactiveRedisDataSource redis) {
        List<String> now = keys.get();
        return popAny(index, now, max, redis).flatMap(found -> {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!found.isEmpty() || left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(found);
            }
            List<CompletableFuture<Void>> arrivals = now.stream().map(index::arrival).toList();
            // Pop once more after listening: an item that arrived in between is not missed.
            return popAny(index, now, max, redis).flatMap(again -> {
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
                        .flatMap(ignored -> receive(index, keys, max, deadline, redis));
            });
        });
    }

    private static Uni<List<String>> popAny(RedisListIndex index, List<String> keys, int max, ReactiveRedisDataSource redis) {
        Uni<List<String>> result = Uni.createFrom().item(new ArrayList<>());
        for (String key : keys) {
            result = result.flatMap(acc -> acc.size() >= max ? Uni.createFrom().item(acc)
                    : pop(index, key, max - acc.size(), redis).map(more -> {
                        acc.addAll(more);
                        return acc;
                    }));
        }
        return result;
    }

    private static Uni<List<String>> pop(RedisListIndex index, String key, int max, ReactiveRedisDataSource redis) {
        return RedisCalls.bounded(redis.execute("LPOP", index.listKey(key), Integer.toString(max)))
                .map(QueueService::items);
    }

    private static List<String> items(Response response) {
        List<String> items = new ArrayList<>();
        if (response != null) {
            for (Response item : response) {
                items.add(item.toString());
            }
        }
        return items;
    }

    static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
