package io.harmony.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.alerting.channel.Notifier;
import io.harmony.config.Endpoints;
import io.harmony.json.Instants;
import io.harmony.json.Json;
import io.harmony.kafka.TailConsumer;
import io.harmony.kafka.KafkaNames.Topics;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final TailConsumer consumer;

    AlertNotifications(Notifier notifier, Endpoints endpoints, MeterRegistry meters) {
        this.notifier = notifier;
        // A new group starts at the end: alerts raised before this conductor ever ran are not re-sent.
        this.consumer = TailConsumer.builder("alert-notifier", endpoints.kafkaBootstrap(), Topics.EVENTS)
                .group(GROUP, "latest").pollTimeout(Duration.ofMillis(500)).meters(meters)
                .handler(records -> records.forEach(r -> deliver(r.value()))).build();
    }

    void onStart(@Observes StartupEvent event) {
        consumer.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.close();
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
                    d.hasNonNull("since") ? Instants.parse(d.path("since").asText()) : null,
                    e.hasNonNull("timestamp") ? Instants.parse(e.path("timestamp").asText()) : Instant.now());
            notifier.notify(notice, channels.isEmpty() ? List.of("log") : channels);
        } catch (Exception ex) {
            LOG.warnf("cannot read an alert event (%s): %s", ex.getMessage(), value);
        }
    }
}
