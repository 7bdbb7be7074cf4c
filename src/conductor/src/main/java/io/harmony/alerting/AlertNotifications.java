package io.harmony.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.harmony.config.StartOrder;
import jakarta.annotation.Priority;

import org.jboss.logging.Logger;

import io.harmony.alerting.channel.Notifier;
import io.harmony.config.Endpoints;
import io.harmony.events.HarmonyEvent;
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

    void onStart(@Observes @Priority(StartOrder.AFTER_STREAMS) StartupEvent event) {
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
            HarmonyEvent e = Json.mapper().readValue(value, HarmonyEvent.class);
            if (!AlertNotice.FIRING.equals(e.event()) && !AlertNotice.RESOLVED.equals(e.event())) {
                return;
            }
            AlertEventData d = e.data(AlertEventData.class);
            AlertNotice notice = new AlertNotice(e.event(), d.alertName(), d.componentId(), d.component(), d.condition(),
                    d.value(), d.since(), e.timestamp() != null ? e.timestamp() : Instant.now());
            List<String> channels = d.notificationChannels();
            notifier.notify(notice, channels == null || channels.isEmpty() ? List.of("log") : channels);
        } catch (Exception ex) {
            LOG.warnf("cannot read an alert event (%s): %s", ex.getMessage(), value);
        }
    }
}
