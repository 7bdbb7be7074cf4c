package io.harmony.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Receives this instance's requests from harmony.requests and produces replies to harmony.replies. The only class that
 * touches Kafka types, loaded only when the builder was given Kafka settings (kafka-clients is an optional dependency).
 * With the conductor's encryption key it opens sealed request payloads and seals its replies, as the conductor does:
 * what it reads and writes on the topics is never plaintext then.
 */
final class KafkaRequestTransport extends RequestTransport {
    /** Key = target component_id; value {request_id, from, to, request_type, payload, deadline, retry}. */
    static final String REQUESTS = "harmony.requests";
    /** Key = request_id; value {request_id, responder, response}. */
    static final String REPLIES = "harmony.replies";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    /** Value on harmony.replies. */
    record KafkaReply(String requestId, String responder, JsonNode response) {}

    private final Properties settings;
    private final PayloadCipher cipher;

    KafkaRequestTransport(Properties settings, ClientThreads threads, Lease lease, RequestDispatcher dispatcher, Backoff backoff,
            PayloadCipher cipher) {
        super(threads, lease, dispatcher, backoff);
        this.settings = settings;
        this.cipher = cipher;
    }

    @Override
    public void run() {
        try {
            String id = lease.awaitComponentId();   // the group and the key filter are this instance's id
            while (!threads.closed()) {
                consume(id);
                backoff.pause();
            }
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "kafka request loop stopped");
        }
    }

    private void consume(String id) {
        Properties consumerSettings = new Properties();
        consumerSettings.putAll(settings);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, "harmony-client-" + id);
        // A request is only worth answering while its caller waits: never replay old ones after a restart.
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        Properties producerSettings = new Properties();
        producerSettings.putAll(settings);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaConsumer<String, String> consumer = null;
        KafkaProducer<String, String> producer = null;
        try {
            producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new StringSerializer());
            consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(REQUESTS));
            while (!threads.closed()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    handle(record, producer);
                }
                backoff.reset();
            }
        } catch (InterruptException e) {
            LOG.log(Level.DEBUG, "kafka request loop interrupted");
        } catch (KafkaException e) {
            LOG.log(Level.WARNING, "kafka request path failed; starting over", e);
        } finally {
            boolean interrupted = Thread.interrupted();   // else close() skips leaving the group and rethrows
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            }
            if (producer != null) {
                producer.close(CLOSE_TIMEOUT);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handle(ConsumerRecord<String, String> record, KafkaProducer<String, String> producer) {
        String id = lease.componentId();
        if (!id.equals(record.key())) {
            return;   // another instance's request sharing the partition
        }
        IncomingRequest request;
        try {
            IncomingRequest stored = RequestDispatcher.parse(ConductorApi.JSON.readTree(record.value()));
            request = new IncomingRequest(stored.requestId(), stored.from(), stored.requestType(),
                    cipher.open(stored.payload(), stored.requestId()), stored.deadline());
        } catch (JsonProcessingException e) {
            LOG.log(Level.WARNING, "unreadable record on {0} at offset {1}", REQUESTS, record.offset());
            return;
        } catch (PayloadCipher.UndecryptableException e) {
            // Not answered (the caller gets a 504): a handler must not act on a payload it cannot read.
            LOG.log(Level.WARNING, "request at offset {0} of {1} skipped: its payload does not decrypt: {2}", record.offset(),
                    REQUESTS, e.getMessage());
            return;
        }
        if (request.deadline() != null && !request.deadline().isAfter(Instant.now())) {
            return;   // the caller stopped waiting; the conductor already answered it 504
        }
        dispatcher.dispatch(request, response -> {
            try {
                String value = ConductorApi.JSON.writeValueAsString(new KafkaReply(request.requestId(), id, cipher.seal(response, request.requestId())));
                producer.send(new ProducerRecord<>(REPLIES, request.requestId(), value), (metadata, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "reply to {0} not produced: {1}", request.requestId(), failure.toString());
                    }
                });
            } catch (JsonProcessingException | RuntimeException e) {   // RuntimeException: producer closed meanwhile
                LOG.log(Level.WARNING, "reply to {0} not produced: {1}", request.requestId(), e.toString());
            }
        });
    }
}
