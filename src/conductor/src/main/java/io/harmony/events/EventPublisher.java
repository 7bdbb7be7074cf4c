package io.harmony.events;

import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.harmony.crypto.StoredPayloads;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import jakarta.inject.Singleton;

/** Writes events to harmony.events: components' broadcasts and the conductor's own state changes. */
@Singleton
public class EventPublisher {
    @Inject KafkaClients kafka;
    @Inject StoredPayloads payloads;

    /**
     * A component's broadcast: its data is the component's own, so it is stored sealed (when a key is set); the
     * conductor's own events are not (their data is what /services and /state show anyway). Completes with the event
     * (its data in plaintext) once the broker acknowledged it.
     */
    public CompletableFuture<HarmonyEvent> broadcast(String from, String eventType, FreeFormData data) {
        String id = UUID.randomUUID().toString();
        HarmonyEvent stored = new HarmonyEvent(eventType, id, from, Instant.now(), new FreeFormData(payloads.seal(data.json(), id)));
        return write(stored).thenApply(md -> new HarmonyEvent(eventType, id, from, stored.timestamp(), data));
    }

    /** Completes with the event once the broker acknowledged it. */
    public CompletableFuture<HarmonyEvent> publish(String from, String eventType, EventData data) {
        HarmonyEvent event = new HarmonyEvent(eventType, UUID.randomUUID().toString(), from, Instant.now(), data);
        return write(event).thenApply(md -> event);
    }

    private CompletableFuture<RecordMetadata> write(HarmonyEvent event) {
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return kafka.send(Topics.EVENTS, event.from(), json);
    }
}
