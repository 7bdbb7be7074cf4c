package io.harmony.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.harmony.config.StartOrder;
import jakarta.annotation.Priority;

import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.harmony.errors.DependencyUnavailableException;
import io.harmony.errors.TooManyRequestsException;
import io.harmony.json.Json;
import io.harmony.security.CallerLimits;
import io.micrometer.core.instrument.Counter;
import io.harmony.config.Endpoints;
import io.harmony.crypto.StoredPayloads;
import io.harmony.crypto.UndecryptablePayloadException;
import io.harmony.config.HarmonyConfig;
import io.harmony.kafka.KafkaClients;
import io.harmony.redis.RedisCalls;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
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

    private final KafkaClients kafka;
    private final Vertx vertx;
    private final String redisUrl;
    private final Duration indexWait;
    private final RedisListIndex index;
    private final long queueDepth;
    private final Counter queueFull;
    private final StoredPayloads payloads;

    QueueService(KafkaClients kafka, RedisDataSource redis, ReactiveRedisDataSource reactive, RedisCalls calls, Vertx vertx,
            Endpoints endpoints, HarmonyConfig config, MeterRegistry meters, StoredPayloads payloads) {
        this.payloads = payloads;
        this.vertx = vertx;
        this.redisUrl = endpoints.redisUrl();
        this.kafka = kafka;
        this.indexWait = config.queue().indexWait();
        this.queueDepth = config.limits().queueDepth();
        this.queueFull = Counter.builder(CallerLimits.REFUSED).tag("limit", "queue-depth")
                .description("Calls refused with 429 by a per-caller limit").register(meters);
        this.index = new RedisListIndex(Topics.MESSAGES, RedisKeys.QUEUE_PREFIX, 0, redis, reactive, calls,
                endpoints.kafkaBootstrap(), meters);
    }

    void onStart(@Observes @Priority(StartOrder.AFTER_STREAMS) StartupEvent event) {
        index.start(vertx, redisUrl);
    }

    void onStop(@Observes ShutdownEvent event) {
        index.stop();
    }

    /**
     * Sends all, in order; completes with their ids once each is durable and receivable. Refused whole (429) when a
     * recipient's queue would hold more than harmony.limits.queue-depth, before anything reaches Kafka.
     */
    public Uni<List<String>> send(List<SendMessage> messages) {
        return requireRoom(messages).chain(() -> enqueue(messages));
    }

    /**
     * One LLEN per recipient. The cap is checked, not reserved: sends racing each other, and messages on Kafka not yet
     * indexed, may take a queue a little past it; it bounds Redis memory, it is not an exact quota. When Redis cannot
     * answer, the send goes on as before (durable on Kafka, indexed when Redis is back) rather than fail on the cap.
     */
    private Uni<Void> requireRoom(List<SendMessage> messages) {
        if (queueDepth <= 0 || !index.isListening()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Long> adding = messages.stream()
                .collect(Collectors.groupingBy(SendMessage::to, LinkedHashMap::new, Collectors.counting()));
        List<Uni<Void>> checks = adding.entrySet().stream().map(e -> index.length(e.getKey())
                .onFailure(DependencyUnavailableException.class).recoverWithItem(0L)
                .invoke(length -> {
                    if (length + e.getValue() > queueDepth) {
                        queueFull.increment();
                        throw new TooManyRequestsException("to", "the queue of " + e.getKey() + " is full (" + length
                                + " of at most " + queueDepth + " messages); nothing was sent, retry once it is received", 0);
                    }
                }).replaceWithVoid()).toList();
        return checks.size() == 1 ? checks.get(0) : Uni.join().all(checks).andFailFast().replaceWithVoid();
    }

    private Uni<List<String>> enqueue(List<SendMessage> messages) {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (SendMessage m : messages) {
            String id = UUID.randomUUID().toString();
            // Encrypted at rest (when a key is set) before it leaves this JVM: Kafka and the Redis list hold the envelope.
            QueuedMessage queued = new QueuedMessage(id, m.from(), m.to(), m.messageType(), payloads.seal(m.payload(), id),
                    Instant.now());
            ids.add(queued.messageId());
            acks.add(kafka.send(Topics.MESSAGES, m.to(), Json.bytes(queued)));
        }
        CompletableFuture<Void> receivable = CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> CompletableFuture.allOf(acks.stream()
                        .map(CompletableFuture::join)
                        // Redis down: the message is durable in Kafka and indexed when Redis is back; answer now
                        // rather than hold every sender for harmony.queue.index-wait.
                        .map(md -> index.isListening() ? index.indexed(md.partition(), md.offset())
                                .completeOnTimeout(null, indexWait.toMillis(), TimeUnit.MILLISECONDS) : CompletableFuture.<Void>completedFuture(null))
                        .toArray(CompletableFuture[]::new)));
        return Uni.createFrom().completionStage(receivable).map(ignored -> ids);
    }

    /**
     * The oldest {@code max} messages for {@code component}, each the JSON text stored by the indexer (checked there)
     * with its payload decrypted; when none, waits up to {@code wait} for one. A message whose payload does not decrypt
     * is skipped (logged and counted): popped, it is gone, but it could never have been read anyway.
     */
    public Uni<List<String>> receive(String component, int max, Duration wait) {
        return index.receive(() -> List.of(component), max, Instant.now().plus(wait)).map(this::plaintext);
    }

    private List<String> plaintext(List<String> stored) {
        List<String> out = new ArrayList<>(stored.size());
        for (String json : stored) {
            if (!StoredPayloads.mayHoldEnvelope(json)) {
                out.add(json); // neither sealed nor pretending to be: handed out as stored, unparsed
                continue;
            }
            try {
                JsonNode node = Json.mapper().readTree(json);
                if (node instanceof ObjectNode message && message.has("payload")) {
                    message.set("payload", payloads.open(message.get("payload"), message.path("message_id").asText(null),
                            StoredPayloads.MESSAGE));
                    json = Json.mapper().writeValueAsString(message);
                }
                out.add(json);
            } catch (UndecryptablePayloadException e) {
                // skipped: the reason is logged and counted, the other messages go out
            } catch (JsonProcessingException e) {
                out.add(json); // cannot happen (the indexer stored only well-formed JSON); hand it out as before
            }
        }
        return out;
    }
}
