package io.harmony.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.harmony.alerting.channel.Notifier;
import io.harmony.config.HarmonyConfig;
import io.harmony.errors.InvalidInputException;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Configuring, deleting and listing rules; rules are records on the compacted harmony.alerts, so they are durable. */
@Singleton
public class AlertRules {

    private final KafkaClients kafka;
    private final AlertViews views;
    private final AlertRule builtIn;
    private final Duration viewWait;

    AlertRules(KafkaClients kafka, AlertViews views, HarmonyConfig config) {
        this.kafka = kafka;
        this.viewWait = config.kafka().viewWait();
        this.views = views;
        this.builtIn = AlertRule.componentDegraded(configuredChannels(config));
    }

    /** The built-in rule goes to the log and to every channel that has an endpoint. */
    static List<String> configuredChannels(HarmonyConfig config) {
        List<String> channels = new ArrayList<>(List.of("log"));
        config.alerts().webhook().url().ifPresent(u -> channels.add("webhook"));
        config.alerts().slack().url().ifPresent(u -> channels.add("slack"));
        config.alerts().email().to().ifPresent(u -> channels.add("email"));
        return List.copyOf(channels);
    }

    public AlertRule builtIn() {
        return builtIn;
    }

    /** Validates, writes to harmony.alerts (acks=all) and answers once this replica's view holds the rule. */
    public Uni<AlertRule> configure(AlertRequest request) {
        Condition condition = Condition.parse(request.condition());
        List<String> channels = request.notificationChannels() == null ? List.of("log") : List.copyOf(request.notificationChannels());
        for (int i = 0; i < channels.size(); i++) {
            if (!Notifier.KNOWN.contains(channels.get(i))) {
                throw new InvalidInputException("notification_channels[" + i + "]",
                        "unknown channel " + channels.get(i) + "; known: " + String.join(", ", Notifier.KNOWN.stream().sorted().toList()));
            }
        }
        if (builtIn.alertName().equals(request.alertName())) {
            throw new InvalidInputException("alert_name", builtIn.alertName() + " is the built-in rule's name");
        }
        AlertRule rule = new AlertRule(request.alertName(), condition.text(),
                request.components() == null ? List.of() : List.copyOf(request.components()), channels,
                request.forSeconds() == null ? 0 : request.forSeconds(), false);
        return write(rule.alertName(), json(rule)).map(ignored -> rule);
    }

    /** Tombstones the rule; false when no such rule exists. */
    public Uni<Boolean> delete(String name) {
        if (views.rule(name) == null) {
            return Uni.createFrom().item(false);
        }
        return write(name, null).map(ignored -> true);
    }

    /** Every rule with its top-level state: the worst across its components (ok, pending, firing). */
    public AlertRuleList list() {
        List<AlertState> states = views.states();
        List<AlertRule> rules = new ArrayList<>(views.rules());
        rules.sort(Comparator.comparing(AlertRule::alertName));
        rules.add(0, builtIn);
        List<AlertRuleView> out = new ArrayList<>();
        for (AlertRule r : rules) {
            String state = "ok";
            for (AlertState s : states) {
                if (s.alertName().equals(r.alertName())) {
                    state = s.firing() ? "firing" : "firing".equals(state) ? state : "pending";
                }
            }
            out.add(AlertRuleView.of(r, state));
        }
        return new AlertRuleList(out);
    }

    /** Firing alerts, oldest first. */
    public ActiveAlertList active() {
        return new ActiveAlertList(views.states().stream().filter(AlertState::firing)
                .sorted(Comparator.comparing(AlertState::firingSince, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(ActiveAlert::of).toList());
    }

    private Uni<RecordMetadata> write(String key, byte[] value) {
        CompletableFuture<RecordMetadata> acked = kafka.send(Topics.ALERTS, key, value);
        CompletableFuture<RecordMetadata> visible = acked.thenCompose(md -> views.rulesApplied()
                .await(md.partition(), md.offset()).completeOnTimeout(null, viewWait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(ignored -> md));
        return Uni.createFrom().completionStage(visible);
    }

    private static byte[] json(AlertRule rule) {
        try {
            return Json.mapper().writeValueAsBytes(rule);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
