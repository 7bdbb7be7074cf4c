package io.harmony.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.alerting.channel.Notifier;
import io.harmony.config.Json;
import io.harmony.config.KafkaClients;
import io.harmony.config.KafkaNames.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Delivers alert-firing / alert-resolved events to their channels. One consumer group for all replicas on the
 * one-partition harmony.events, so each event is delivered by exactly one replica; the group's committed offset means
 * a restart neither repeats nor skips deliveries (at-least-once only for events in flight at a crash). Delivery itself
 * is asynchronous in the Notifier, with retries, and never holds up evaluation, which runs in Kafka Streams.
 */
@Singleton
public class AlertNotifications {
    private static final Logger LOG = Logger.getLogger(AlertNotifications.class);
    static final String GROUP = "harmony-alert-notifier";

    private final Notifier notifier;
    private final String bootstrap;
    private volatile boolean running = true;

    AlertNotifications(Notifier notifier, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.notifier = notifier;
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::loop, "harmony-alert-notifier");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void loop() {
        while (running) {
            try (KafkaConsumer<String, String> consumer = consumer()) {
                consumer.subscribe(List.of(Topics.EVENTS));
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, String> r : records) {
                        deliver(r.value());
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("alert notifier failed, restarting: %s", e.getMessage());
                    try {
                        Thread.sleep(1000); // backoff of a background loop
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void deliver(String value) {
        if (value == null || !value.contains("\"alert-")) {
            return; // cheap pre-filter: most events are not alerts
        }
        try {
            JsonNode e = Json.mapper().readTree(value);
            String type = e.path("event").asText();
            if (!type.equals("alert-firing") && !type.equals("alert-resolved")) {
                return;
            }
            JsonNode d = e.path("data");
            List<String> channels = new ArrayList<>();
            d.path("notification_channels").forEach(c -> channels.add(c.asText()));
            AlertNotice notice = new AlertNotice(type, d.path("alert_name").asText(), d.path("component_id").asText(),
                    d.path("component").asText(null), d.path("condition").asText(),
                    d.path("value").isNumber() ? d.path("value").asDouble() : null,
                    d.hasNonNull("since") ? Instant.parse(d.path("since").asText()) : null,
                    e.hasNonNull("timestamp") ? Instant.parse(e.path("timestamp").asText()) : Instant.now());
            notifier.notify(notice, channels.isEmpty() ? List.of("log") : channels);
        } catch (Exception ex) {
            LOG.warnf("cannot read an alert event (%s): %s", ex.getMessage(), value);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        // A new group starts at the end: alerts raised before this conductor ever ran are not re-sent.
        return KafkaClients.stringConsumer(bootstrap, KafkaClients.inGroup(GROUP, "latest"));
    }
}
