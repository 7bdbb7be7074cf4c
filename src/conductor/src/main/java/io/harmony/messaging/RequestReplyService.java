package io.harmony.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.harmony.config.StartOrder;
import jakarta.annotation.Priority;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.config.Endpoints;
import io.harmony.config.HarmonyConfig;
import io.harmony.crypto.StoredPayloads;
import io.harmony.crypto.UndecryptablePayloadException;
import io.harmony.errors.InvalidInputException;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import io.harmony.kafka.TailConsumer;
import io.harmony.redis.RedisCalls;
import io.harmony.redis.RedisKeys;
import io.harmony.events.EventHub;
import io.harmony.events.HarmonyEvent;
import io.harmony.liveness.ComponentEventData;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.LivenessQueries;
import io.harmony.liveness.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Request-response through Kafka: a request goes to one healthy instance of its target (round robin) on
 * harmony.requests; the target answers on harmony.replies, directly or through POST /requests/{id}/reply on any
 * replica. Every replica reads all of harmony.replies (no group), so the one holding the waiting call completes it.
 * Waiting holds no thread: a future per pending request, completed by the replies tail or by its timeout.
 */
@Singleton
public class RequestReplyService {
    private static final Logger LOG = Logger.getLogger(RequestReplyService.class);

    private record Waiting(PendingRequest request, CompletableFuture<Reply> reply, String component, long startedNanos) {
    }

    private final KafkaClients kafka;
    private final LivenessQueries queries;
    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final EventHub events;
    private final Vertx vertx;
    private final Timer latency;
    private final RedisCalls redisCalls;
    private final String redisUrl;
    private final double defaultTimeout;
    private final double maxTimeout;
    private final int maxWait;
    private final RedisListIndex index;
    private final TailConsumer replies;
    private final StoredPayloads payloads;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    // Round robin per replica: the rotation needs no agreement between replicas, only even spread.
    private final Map<String, AtomicInteger> rotation = new ConcurrentHashMap<>();

    RequestReplyService(KafkaClients kafka, LivenessQueries queries, RedisDataSource redis, ReactiveRedisDataSource reactive,
            RedisCalls redisCalls, EventHub events, MeterRegistry meters, Vertx vertx, Endpoints endpoints, HarmonyConfig config,
            StoredPayloads payloads) {
        this.payloads = payloads;
        this.kafka = kafka;
        this.queries = queries;
        this.redis = redis;
        this.reactive = reactive;
        this.vertx = vertx;
        this.latency = Timer.builder("harmony.request.latency")
                .description("Request-response round trips answered through this replica").publishPercentileHistogram()
                .register(meters);
        this.redisCalls = redisCalls;
        this.redisUrl = endpoints.redisUrl();
        this.events = events;
        this.defaultTimeout = config.request().defaultTimeout();
        this.maxTimeout = config.request().maxTimeout();
        this.maxWait = config.queue().maxWait();
        // Lists of requests expire when nobody pops them (targets that consume the topic directly).
        this.index = new RedisListIndex(Topics.REQUESTS, RedisKeys.REQUESTS_PREFIX, (long) maxTimeout * 2, redis, reactive,
                redisCalls, endpoints.kafkaBootstrap(), meters);
        // Every replica reads all replies (no group): the one holding the waiting call completes it.
        this.replies = TailConsumer.builder("replies-tail", endpoints.kafkaBootstrap(), Topics.REPLIES).tail().meters(meters)
                .handler(records -> records.forEach(r -> complete(r.value()))).build();
    }

    void onStart(@Observes @Priority(StartOrder.AFTER_STREAMS) StartupEvent event) {
        index.start(vertx, redisUrl);
        events.listen(this::onEvent);
        replies.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        replies.close();
        index.stop();
    }

    public int maxWait() {
        return maxWait;
    }

    public Uni<RequestAnswer> request(RequestBody body) {
        double timeout = body.timeoutSeconds() == null ? defaultTimeout : body.timeoutSeconds();
        if (!(timeout > 0) || timeout > maxTimeout || Double.isNaN(timeout)) {
            throw new InvalidInputException("timeout_seconds", "timeout_seconds must be > 0 and <= " + maxTimeout);
        }
        String instance = pickInstance(body.to(), null);
        long timeoutMs = Math.round(timeout * 1000);
        String requestId = UUID.randomUUID().toString();
        // Sealed once: Kafka, the Redis list and a reroute (which re-sends this very record) only ever see the envelope.
        PendingRequest request = new PendingRequest(requestId, body.from(), body.to(), body.requestType(),
                payloads.seal(body.payload(), requestId), Instant.now().plusMillis(timeoutMs), Boolean.TRUE.equals(body.retry()));
        Waiting w = new Waiting(request, new CompletableFuture<>(), body.to(), System.nanoTime());
        waiting.put(request.requestId(), w);
        CompletableFuture<Reply> reply = w.reply().orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> waiting.remove(request.requestId()));
        return redisCalls.bounded(reactive.value(String.class).set(RedisKeys.pendingRequest(request.requestId()), instance, new SetArgs().px(timeoutMs)))
                .flatMap(ok -> Uni.createFrom().completionStage(kafka.send(Topics.REQUESTS, instance, Json.bytes(request))))
                .onFailure().invoke(e -> waiting.remove(request.requestId()))
                .flatMap(acked -> Uni.createFrom().completionStage(reply))
                .onFailure(java.util.concurrent.TimeoutException.class)
                .transform(e -> new RequestTimeoutException(request.requestId(), timeout))
                .map(r -> {
                    long nanos = System.nanoTime() - w.startedNanos();
                    latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                    return RequestAnswer.ok(request.requestId(), r, nanos / 1_000_000.0);
                });
    }

    /**
     * Pending requests, never an expired one; long-polls up to {@code wait}. {@code component} is an instance id (the
     * requests routed to it) or a component name (those routed to any of its instances, as /queue/receive takes names).
     */
    public Uni<List<HandedOutRequest>> receive(String component, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        Supplier<List<String>> keys = queries.isKnown(component) ? () -> List.of(component)
                : () -> queries.ofComponent(component).stream().map(ComponentStatus::componentId).toList();
        return receiveUntil(keys, deadline);
    }

    private Uni<List<HandedOutRequest>> receiveUntil(Supplier<List<String>> keys, Instant deadline) {
        return index.receive(keys, 100, deadline).flatMap(items -> {
            Instant now = Instant.now();
            List<HandedOutRequest> fresh = new ArrayList<>();
            for (String item : items) {
                PendingRequest r = pending(item);
                if (r == null) {
                    continue;
                }
                if (r.deadline() != null && r.deadline().isAfter(now)) {
                    try {
                        fresh.add(HandedOutRequest.of(r, payloads.open(r.payload(), r.requestId(), StoredPayloads.REQUEST)));
                    } catch (UndecryptablePayloadException e) {
                        // skipped (logged and counted): its caller gets a 504, the other requests go out
                    }
                }
            }
            if (fresh.isEmpty() && now.isBefore(deadline)) {
                return receiveUntil(keys, deadline);
            }
            return Uni.createFrom().item(fresh);
        });
    }

    private static PendingRequest pending(String json) {
        try {
            return Json.mapper().readValue(json, PendingRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null; // well-formed JSON but not a request (a foreign producer's record): nothing to hand out
        }
    }

    /** The instance a pending request was routed to, or null when it is unknown, answered or expired. */
    public Uni<String> routedTo(String requestId) {
        return redisCalls.bounded(reactive.value(String.class).get(RedisKeys.pendingRequest(requestId)));
    }

    /** A reply over HTTP: only once, only while the request is pending. */
    public Uni<ReplyDelivered> reply(String requestId, JsonNode response) {
        return redisCalls.bounded(reactive.value(String.class).getdel(RedisKeys.pendingRequest(requestId)))
                .flatMap(responder -> {
                    if (responder == null) {
                        return Uni.createFrom().failure(new UnknownRequestException(requestId));
                    }
                    Reply reply = new Reply(requestId, responder, payloads.seal(response, requestId));
                    return Uni.createFrom().completionStage(kafka.send(Topics.REPLIES, requestId, Json.bytes(reply)))
                            .map(acked -> ReplyDelivered.of(requestId));
                });
    }

    private String pickInstance(String component, String excluded) {
        List<ComponentStatus> instances = queries.ofComponent(component);
        if (instances.isEmpty()) {
            throw new UnknownTargetException(component);
        }
        List<ComponentStatus> healthy = instances.stream()
                .filter(s -> s.status() == Status.HEALTHY && !s.componentId().equals(excluded)).toList();
        if (healthy.isEmpty()) {
            throw new NoHealthyInstanceException(component);
        }
        int n = rotation.computeIfAbsent(component, c -> new AtomicInteger()).getAndIncrement();
        return healthy.get(Math.floorMod(n, healthy.size())).componentId();
    }

    /** The seed's "requests are rerouted": a degraded target's pending requests that allow it go to another instance. */
    private void onEvent(long offset, HarmonyEvent event) {
        if (!"component-degraded".equals(event.event()) && !"component-offline".equals(event.event())) {
            return;
        }
        String id;
        try {
            ComponentEventData data = event.data(ComponentEventData.class);
            id = data == null ? null : data.componentId();
        } catch (IllegalArgumentException e) {
            return; // a broadcast under a transition's name with other data: not a transition
        }
        if (id == null) {
            return;
        }
        for (Waiting w : waiting.values()) {
            PendingRequest r = w.request();
            String target = currentTarget(r.requestId());
            if (r.retry() && id.equals(target) && r.deadline().isAfter(Instant.now())) {
                try {
                    String next = pickInstance(w.component(), target);
                    long left = Duration.between(Instant.now(), r.deadline()).toMillis();
                    redis.value(String.class).set(RedisKeys.pendingRequest(r.requestId()), next, new SetArgs().px(Math.max(left, 1)));
                    kafka.send(Topics.REQUESTS, next, Json.bytes(r));
                    LOG.infof("request %s rerouted from %s to %s", r.requestId(), target, next);
                } catch (RuntimeException e) {
                    LOG.debugf("request %s cannot be rerouted: %s", r.requestId(), e.getMessage());
                }
            }
        }
    }

    private String currentTarget(String requestId) {
        try {
            return redis.value(String.class).get(RedisKeys.pendingRequest(requestId));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void complete(String json) {
        if (json == null) {
            return;
        }
        try {
            Reply reply = Json.mapper().readValue(json, Reply.class);
            Waiting w = reply.requestId() == null ? null : waiting.get(reply.requestId());
            if (w != null) {
                // Opened only by the replica holding the call: the others neither need it nor count its failures.
                // A reply that does not open is skipped (logged and counted): the call answers 504 at its timeout.
                w.reply().complete(new Reply(reply.requestId(), reply.responder(),
                        payloads.open(reply.response(), reply.requestId(), StoredPayloads.REPLY)));
            }
        } catch (UndecryptablePayloadException e) {
            // skipped, see above
        } catch (Exception e) {
            LOG.debugf("skipping undecodable reply: %s", e.getMessage());
        }
    }
}
