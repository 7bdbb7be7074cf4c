package io.harmony.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.harmony.config.StartOrder;
import jakarta.annotation.Priority;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.harmony.crypto.StoredPayloads;
import io.harmony.crypto.UndecryptablePayloadException;
import io.harmony.json.Json;
import io.harmony.config.Endpoints;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.TailConsumer;
import io.harmony.kafka.KafkaNames.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The live feed of harmony.events on this replica: one tailing consumer (no group: every replica reads everything),
 * fanned out in memory to SSE subscribers and in-process listeners. A subscriber that resumes from an id reads what it
 * missed with a short-lived consumer, then hands over to the live feed with no gap and no duplicate.
 */
@Singleton
public class EventHub {
    private static final Logger LOG = Logger.getLogger(EventHub.class);
    /** A subscriber this far behind is closed; it reconnects with its last id and catches up from Kafka. */
    static final int SUBSCRIBER_BUFFER = 1024;
    private static final TopicPartition EVENTS = new TopicPartition(Topics.EVENTS, 0);

    /** One event as read from the topic: its offset is its SSE id. A null event is a keep-alive tick. */
    public record Delivered(long offset, HarmonyEvent event, String json) {
    }

    private final String bootstrap;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Long, HarmonyEvent>> listeners = new CopyOnWriteArrayList<>();
    private final TailConsumer tail;
    private final StoredPayloads payloads;

    EventHub(Endpoints endpoints, MeterRegistry meters, StoredPayloads payloads) {
        this.payloads = payloads;
        this.bootstrap = endpoints.kafkaBootstrap();
        this.tail = TailConsumer.builder("events-tail", bootstrap, Topics.EVENTS).tail().meters(meters).handler(this::fanOut).build();
    }

    void onStart(@Observes @Priority(StartOrder.AFTER_STREAMS) StartupEvent event) {
        tail.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        tail.close();
        subscribers.forEach(s -> s.emitter.complete());
    }

    /** Open SSE streams on this replica (a Prometheus gauge). */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** In-process listeners (request rerouting, later alerting) see every event once it is on the topic. */
    public void listen(BiConsumer<Long, HarmonyEvent> listener) {
        listeners.add(listener);
    }

    /** A stream of matching events, live from now, or from {@code lastEventId + 1} when resuming. */
    public Multi<Delivered> subscribe(EventPattern pattern, Long lastEventId, Duration keepAlive) {
        return Multi.createFrom().<Delivered>emitter(emitter -> {
            Subscriber s = new Subscriber(pattern, emitter, lastEventId == null ? Long.MAX_VALUE : lastEventId);
            var ticks = Infrastructure.getDefaultWorkerPool().scheduleAtFixedRate(s::keepAlive,
                    keepAlive.toMillis(), keepAlive.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                ticks.cancel(false);
                subscribers.remove(s);
            });
            subscribers.add(s); // live events from here on are buffered until the catch-up is done
            // A comment at once: the response's headers go out with the first write, so without it a client (the
            // client library, a browser's EventSource) would not know it is subscribed until an event or a keep-alive.
            s.keepAlive();
            if (lastEventId == null) {
                s.goLive();
            } else {
                Infrastructure.getDefaultWorkerPool().execute(() -> catchUp(s, lastEventId + 1));
            }
        }, BackPressureStrategy.ERROR)
                .onOverflow().buffer(SUBSCRIBER_BUFFER)
                .onFailure().recoverWithCompletion(); // a slow subscriber is closed, never slows the others
    }

    private void catchUp(Subscriber s, long from) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(EVENTS));
            long end = consumer.endOffsets(List.of(EVENTS)).get(EVENTS);
            consumer.seek(EVENTS, Math.max(from, consumer.beginningOffsets(List.of(EVENTS)).get(EVENTS)));
            while (consumer.position(EVENTS) < end && !s.emitter.isCancelled()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end) {
                        Delivered d = decode(r);
                        if (d != null) {
                            s.deliverCatchUp(d);
                        }
                    }
                }
            }
            s.goLive();
        } catch (RuntimeException e) {
            LOG.warnf("catch-up of an event stream from %d failed: %s", from, e.getMessage());
            s.emitter.fail(e);
        }
    }

    /** One batch of the tail: fanned out to every subscriber and listener on this replica. */
    private void fanOut(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> r : records) {
            Delivered d = decode(r);
            if (d == null) {
                continue;
            }
            for (Subscriber s : subscribers) {
                s.deliverLive(d);
            }
            for (BiConsumer<Long, HarmonyEvent> l : listeners) {
                try {
                    l.accept(d.offset(), d.event());
                } catch (RuntimeException e) {
                    LOG.warn("event listener failed", e);
                }
            }
        }
    }

    /**
     * The event as subscribers and listeners get it: sealed broadcast data decrypted here, once per record, so neither
     * SSE nor an in-process listener ever sees an envelope. An event whose data does not decrypt is skipped (logged and
     * counted); its offset is simply not emitted, as with any undecodable record.
     */
    private Delivered decode(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            HarmonyEvent event = Json.mapper().readValue(r.value(), HarmonyEvent.class);
            if (event.event() == null) {
                return null;
            }
            if (event.data() instanceof FreeFormData stored && StoredPayloads.mayHoldEnvelope(r.value())) {
                JsonNode plain = payloads.open(stored.json(), event.eventId(), StoredPayloads.EVENT);
                if (plain != stored.json()) {
                    // Only the data changes: the rest of the frame stays the stored text, field for field.
                    ObjectNode frame = (ObjectNode) Json.mapper().readTree(r.value());
                    frame.set("data", plain);
                    return new Delivered(r.offset(), new HarmonyEvent(event.event(), event.eventId(), event.from(), event.timestamp(),
                            new FreeFormData(plain)), Json.mapper().writeValueAsString(frame));
                }
            }
            return new Delivered(r.offset(), event, r.value());
        } catch (UndecryptablePayloadException e) {
            return null;
        } catch (Exception e) {
            LOG.debugf("skipping undecodable event at offset %d", r.offset());
            return null;
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return KafkaClients.stringConsumer(bootstrap, Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "harmony-events-" + UUID.randomUUID()));
    }

    /** One SSE client: catch-up first (if resuming), then live; offsets only ever increase, so none repeats. */
    private static final class Subscriber {
        final EventPattern pattern;
        final MultiEmitter<? super Delivered> emitter;
        private final List<Delivered> pendingLive = new ArrayList<>();
        private boolean live;
        private long lastEmitted;

        Subscriber(EventPattern pattern, MultiEmitter<? super Delivered> emitter, long resumeFrom) {
            this.pattern = pattern;
            this.emitter = emitter;
            this.lastEmitted = resumeFrom == Long.MAX_VALUE ? -1 : resumeFrom;
        }

        synchronized void deliverLive(Delivered d) {
            if (!live) {
                if (pendingLive.size() >= SUBSCRIBER_BUFFER) {
                    emitter.fail(new IllegalStateException("subscriber fell behind during catch-up"));
                    return;
                }
                pendingLive.add(d);
            } else {
                emit(d);
            }
        }

        synchronized void keepAlive() {
            emitter.emit(new Delivered(-1, null, null));
        }

        synchronized void deliverCatchUp(Delivered d) {
            emit(d);
        }

        synchronized void goLive() {
            pendingLive.forEach(this::emit);
            pendingLive.clear();
            live = true;
        }

        private void emit(Delivered d) {
            if (d.offset() <= lastEmitted) {
                return;
            }
            lastEmitted = d.offset();
            if (pattern.matches(d.event().event())) {
                emitter.emit(d);
            }
        }
    }
}
