package io.harmony.events;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import jakarta.inject.Singleton;

/** Writes events to harmony.events (broadcasts now; state changes and alerts later). */
@Singleton
public class EventPublisher {
    private final KafkaClients kafka;

    EventPublisher(KafkaClients kafka) {
        this.kafka = kafka;
    }

    /** Completes with the event once the broker acknowledged it. */
    public CompletableFuture<HarmonyEvent> publish(String from, String eventType, EventData data) {
        HarmonyEvent event = new HarmonyEvent(eventType, UUID.randomUUID().toString(), from, Instant.now(), data);
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        CompletableFuture<RecordMetadata> acked = kafka.send(Topics.EVENTS, from, json);
        return acked.thenApply(md -> event);
    }
}
