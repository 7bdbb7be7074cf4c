package io.harmony.alerting.channel;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.harmony.alerting.AlertNotice;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;

/**
 * Sends one plain-text mail per notice through Quarkus Mailer to {@code harmony.alerts.email.to} (comma-separated).
 * The SMTP server and sender are Quarkus' own settings ({@code quarkus.mailer.host}, {@code .port}, {@code .from}).
 */
public class EmailChannel implements Channel {
    public static final String NAME = "email";

    private final ReactiveMailer mailer;
    private final List<String> to;

    public EmailChannel(ReactiveMailer mailer, Optional<String> to) {
        this.mailer = mailer;
        this.to = to.stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::strip)
                .filter(address -> !address.isEmpty())
                .toList();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return !to.isEmpty();
    }

    @Override
    public String configKey() {
        return "harmony.alerts.email.to";
    }

    /** The recipients, split and trimmed. */
    public List<String> recipients() {
        return to;
    }

    @Override
    public CompletionStage<Void> deliver(AlertNotice notice) {
        if (to.isEmpty()) {
            return CompletableFuture.failedFuture(new DeliveryFailedException(NAME + ": " + configKey() + " is not set"));
        }
        Mail mail = new Mail().setTo(to).setSubject(subject(notice)).setText(text(notice));
        try {
            return mailer.send(mail).subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new DeliveryFailedException(NAME + ": " + e.getMessage(), e));
        }
    }

    /** E.g. {@code [harmony] FIRING high-error-rate on sherlock-hub-001}. */
    static String subject(AlertNotice notice) {
        return "[harmony] " + (notice.firing() ? "FIRING " : "RESOLVED ") + notice.alertName() + " on " + notice.componentId();
    }

    static String text(AlertNotice notice) {
        StringBuilder text = new StringBuilder()
                .append("Alert:     ").append(notice.alertName()).append(notice.firing() ? " is firing" : " has resolved").append('\n')
                .append("Component: ").append(notice.componentId());
        if (notice.component() != null) {
            text.append(" (").append(notice.component()).append(')');
        }
        text.append('\n').append("Condition: ").append(notice.condition()).append('\n');
        if (notice.value() != null) {
            text.append("Value:     ").append(notice.value()).append('\n');
        }
        if (notice.since() != null) {
            text.append("Since:     ").append(notice.since()).append('\n');
        }
        if (notice.at() != null && !notice.firing()) {
            text.append("Resolved:  ").append(notice.at()).append('\n');
        }
        return text.toString();
    }
}
