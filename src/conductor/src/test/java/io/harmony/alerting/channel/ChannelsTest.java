package io.harmony.alerting.channel;

import io.harmony.HarmonyConfigs;
import io.harmony.Lazy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.harmony.alerting.AlertNotice;
import io.harmony.config.HarmonyConfig;
import io.harmony.json.Json;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.mutiny.Uni;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

class ChannelsTest {
    private static final Instant SINCE = Instant.parse("2026-11-27T10:15:30Z");
    private static final Instant AT = Instant.parse("2026-11-27T10:20:00Z");
    private static final AlertNotice FIRING = AlertNotice.firing("high-error-rate", "sherlock-hub-001", "sherlock-hub",
            "errors_per_minute > 5", 7.0, SINCE);
    private static final AlertNotice RESOLVED = AlertNotice.resolved("high-error-rate", "sherlock-hub-001", "sherlock-hub",
            "errors_per_minute > 5", 3.0, SINCE, AT);

    private final Supplier<HttpClient> http = Lazy.of(HttpClient::newHttpClient);

    private static void await(java.util.concurrent.CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void webhookPostsTheNoticeAsSnakeCaseJson() throws Exception {
        try (var receiver = new WebhookReceiver(200)) {
            // When
            await(new WebhookChannel(receiver.url(), http).deliver(FIRING));

            // Then
            assertEquals(1, receiver.received().size());
            WebhookReceiver.Received request = receiver.received().get(0);
            assertEquals("POST", request.method());
            assertEquals("application/json", request.contentType());
            JsonNode body = Json.mapper().readTree(request.body());
            assertEquals("alert-firing", body.get("event").asText());
            assertEquals("high-error-rate", body.get("alert_name").asText());
            assertEquals("sherlock-hub-001", body.get("component_id").asText());
            assertEquals("sherlock-hub", body.get("component").asText());
            assertEquals("errors_per_minute > 5", body.get("condition").asText());
            assertEquals(7.0, body.get("value").asDouble());
            assertEquals("2026-11-27T10:15:30Z", body.get("since").asText());
            assertEquals("2026-11-27T10:15:30Z", body.get("at").asText());
            assertEquals(8, body.size(), "no extra properties: " + body);
        }
    }

    @Test
    void webhookLeavesValueOutForStatusConditions() throws Exception {
        try (var receiver = new WebhookReceiver(204)) {
            AlertNotice notice = AlertNotice.resolved("hub-down", "sherlock-hub-001", "sherlock-hub", "status == offline",
                    null, SINCE, AT);

            await(new WebhookChannel(receiver.url(), http).deliver(notice));

            JsonNode body = Json.mapper().readTree(receiver.received().get(0).body());
            assertEquals("alert-resolved", body.get("event").asText());
            assertFalse(body.has("value"));
            assertEquals("2026-11-27T10:20:00Z", body.get("at").asText());
        }
    }

    @Test
    void serverErrorFailsTheStage() throws Exception {
        try (var receiver = new WebhookReceiver(500)) {
            var stage = new WebhookChannel(receiver.url(), http).deliver(FIRING).toCompletableFuture();

            ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
            assertInstanceOf(DeliveryFailedException.class, e.getCause());
            assertEquals("webhook answered HTTP 500", e.getCause().getMessage());
        }
    }

    @Test
    void unreachableReceiverFailsTheStage() throws Exception {
        Optional<String> url;
        try (var receiver = new WebhookReceiver(200)) {
            url = receiver.url();
        } // closed: nothing listens there any more

        var stage = new SlackChannel(url, http).deliver(FIRING).toCompletableFuture();

        assertThrows(ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
    }

    @Test
    void slackGetsIncomingWebhookTextWhenFiringAndResolved() throws Exception {
        try (var receiver = new WebhookReceiver(200)) {
            var slack = new SlackChannel(receiver.url(), http);

            await(slack.deliver(FIRING));
            await(slack.deliver(RESOLVED));

            JsonNode firing = Json.mapper().readTree(receiver.received().get(0).body());
            JsonNode resolved = Json.mapper().readTree(receiver.received().get(1).body());
            assertEquals("application/json", receiver.received().get(0).contentType());
            // Slack wants & < > as entities; it shows them as ">".
            assertEquals(":rotating_light: high-error-rate FIRING on sherlock-hub-001: errors_per_minute &gt; 5 (value 7.0)",
                    firing.get("text").asText());
            assertEquals(":white_check_mark: high-error-rate resolved on sherlock-hub-001: errors_per_minute &gt; 5 (value 3.0)",
                    resolved.get("text").asText());
            assertEquals(1, firing.size(), "text only: " + firing);
        }
    }

    @Test
    void unsetUrlsAreUnconfiguredAndBadOnesFailAtStartup() {
        assertFalse(new WebhookChannel(Optional.empty(), http).configured());
        assertFalse(new SlackChannel(Optional.of("  "), http).configured());
        assertEquals("harmony.alerts.slack.url", new SlackChannel(Optional.empty(), http).configKey());
        var unset = new WebhookChannel(Optional.empty(), http).deliver(FIRING).toCompletableFuture();
        assertTrue(unset.isCompletedExceptionally());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebhookChannel(Optional.of("ftp://example.org/x"), http));
        assertTrue(e.getMessage().startsWith("harmony.alerts.webhook.url must be an http(s) URL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlackChannel(Optional.of("not a url"), http));
    }

    @Test
    void emailSendsOnePlainTextMailToEveryRecipient() throws Exception {
        List<Mail> sent = new CopyOnWriteArrayList<>();
        ReactiveMailer mailer = mails -> {
            sent.addAll(List.of(mails));
            return Uni.createFrom().voidItem();
        };
        var email = new EmailChannel(mailer, Optional.of("ops@example.org, oncall@example.org,"));

        await(email.deliver(FIRING));
        await(email.deliver(RESOLVED));

        assertTrue(email.configured());
        assertEquals(2, sent.size());
        Mail firing = sent.get(0);
        assertEquals(List.of("ops@example.org", "oncall@example.org"), firing.getTo());
        assertEquals("[harmony] FIRING high-error-rate on sherlock-hub-001", firing.getSubject());
        assertNull(firing.getHtml());
        assertTrue(firing.getText().contains("Condition: errors_per_minute > 5\n"), firing.getText());
        assertTrue(firing.getText().contains("Value:     7.0\n"), firing.getText());
        assertEquals("[harmony] RESOLVED high-error-rate on sherlock-hub-001", sent.get(1).getSubject());
        assertTrue(sent.get(1).getText().contains("Resolved:  2026-11-27T10:20:00Z"), sent.get(1).getText());
    }

    @Test
    void emailFailureFailsTheStageAndNoRecipientIsUnconfigured() {
        ReactiveMailer refusing = mails -> Uni.createFrom().failure(new IllegalStateException("550 mailbox unavailable"));

        var stage = new EmailChannel(refusing, Optional.of("ops@example.org")).deliver(FIRING).toCompletableFuture();

        ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
        assertEquals("550 mailbox unavailable", e.getCause().getMessage());
        assertFalse(new EmailChannel(refusing, Optional.of(" , ")).configured());
        assertFalse(new EmailChannel(refusing, Optional.empty()).configured());
    }

    @Test
    void logChannelWritesFiringAsWarnAndResolvedAsInfo() throws Exception {
        var log = new LogChannel();
        try (var captured = LogCapture.of(LogChannel.class)) {
            assertTrue(log.configured());
            await(log.deliver(FIRING));
            await(log.deliver(RESOLVED));

            // The log is this channel's delivery: the operator reads these two lines, nothing else.
            assertEquals(List.of(
                    "WARN alert high-error-rate FIRING on sherlock-hub-001 (sherlock-hub): errors_per_minute > 5, value 7.0, since 2026-11-27T10:15:30Z",
                    "INFO alert high-error-rate resolved on sherlock-hub-001 (sherlock-hub): errors_per_minute > 5, value 3.0, was firing since 2026-11-27T10:15:30Z"),
                    captured.lines());
        }
    }

    @Test
    void emailIsDeliveredOverSmtpToEveryRecipient() throws Exception {
        try (var smtp = new MailReceiver()) {
            var email = new EmailChannel(new SmtpMailer(smtp.port()), Optional.of("ops@example.org, oncall@example.org"));

            await(email.deliver(FIRING));

            // One message per recipient mailbox, as an SMTP server stores it
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.received().size() == 2);
            for (MimeMessage message : smtp.received()) {
                assertEquals("[harmony] FIRING high-error-rate on sherlock-hub-001", message.getSubject());
                assertEquals("harmony@localhost", message.getFrom()[0].toString());
                assertEquals(List.of("ops@example.org", "oncall@example.org"),
                        java.util.Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList());
                String text = message.getContent().toString();
                assertTrue(text.contains("Condition: errors_per_minute > 5"), text);
            }
        }
    }

    @Test
    void mailReceiverCollectsWhatArrivesOverSmtp() throws Exception {
        try (var receiver = new MailReceiver()) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(receiver.port()));
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress("harmony@localhost"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.org"));
            message.setSubject("[harmony] FIRING high-error-rate on sherlock-hub-001");
            message.setText("hello");

            Transport.send(message);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
            assertEquals("[harmony] FIRING high-error-rate on sherlock-hub-001", receiver.received().get(0).getSubject());
        }
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return HarmonyConfigs.builder()
                .withValidateUnknown(true) // as at startup: an undeclared harmony.* key is an error
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
    }

    @Test
    void producedNotifierDeliversToEveryConfiguredChannel() throws Exception {
        try (var webhook = new WebhookReceiver(200); var slack = new WebhookReceiver(200); var smtp = new MailReceiver();
                var log = LogCapture.of(LogChannel.class)) {
            // Given every channel configured through the harmony.alerts keys
            HarmonyConfig config = config(Map.of(
                    "harmony.alerts.webhook.url", webhook.url().orElseThrow(),
                    "harmony.alerts.slack.url", slack.url().orElseThrow(),
                    "harmony.alerts.email.to", "ops@example.org")).getConfigMapping(HarmonyConfig.class);
            Notifier notifier = new Channels().notifier(config, new SmtpMailer(smtp.port()), new SimpleMeterRegistry());
            try {
                // When
                notifier.notify(FIRING, List.of("webhook", "slack", "email", "log"));

                // Then each one received it, once, in its own form
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered("webhook") == 1
                        && notifier.delivered("slack") == 1 && notifier.delivered("email") == 1 && notifier.delivered("log") == 1);
                assertEquals("alert-firing", Json.mapper().readTree(single(webhook.received()).body()).get("event").asText());
                assertTrue(Json.mapper().readTree(single(slack.received()).body()).get("text").asText()
                        .startsWith(":rotating_light: high-error-rate FIRING"));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.received().size() == 1);
                assertEquals("[harmony] FIRING high-error-rate on sherlock-hub-001", smtp.received().get(0).getSubject());
                assertEquals(1, log.lines().stream().filter(l -> l.startsWith("WARN alert high-error-rate FIRING")).count(), log.lines().toString());
                for (String channel : Notifier.KNOWN) {
                    assertEquals(0, notifier.skipped(channel) + notifier.failed(channel), channel);
                }
            } finally {
                notifier.close();
            }
        }
    }

    @Test
    void producedNotifierSkipsAnUnconfiguredChannelAndSaysSo() throws Exception {
        try (var webhook = new WebhookReceiver(200); var smtp = new MailReceiver();
                var notifierLog = LogCapture.of(Notifier.class)) {
            // Given webhook and e-mail configured, Slack not (no harmony.alerts.slack.url)
            HarmonyConfig config = config(Map.of(
                    "harmony.alerts.webhook.url", webhook.url().orElseThrow(),
                    "harmony.alerts.email.to", "ops@example.org")).getConfigMapping(HarmonyConfig.class);
            Notifier notifier = new Channels().notifier(config, new SmtpMailer(smtp.port()), new SimpleMeterRegistry());
            try {
                // When
                notifier.notify(FIRING, List.of("webhook", "slack", "email", "log"));

                // Then Slack is reported as skipped, naming the key that would configure it, and never attempted
                assertEquals(1, notifier.skipped("slack"));
                assertEquals(List.of("INFO alert delivery to slack skipped: no endpoint configured (harmony.alerts.slack.url)"),
                        notifierLog.lines());
                // while the configured ones still deliver
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered("webhook") == 1
                        && notifier.delivered("email") == 1 && notifier.delivered("log") == 1);
                assertEquals(1, webhook.received().size());
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.received().size() == 1);
                assertEquals(List.of("ops@example.org"), java.util.Arrays.stream(smtp.received().get(0)
                        .getRecipients(Message.RecipientType.TO)).map(Object::toString).toList());
                assertEquals(0, notifier.delivered("slack") + notifier.failed("slack"));
                assertEquals(0, notifier.skipped("webhook") + notifier.skipped("email") + notifier.skipped("log"));
            } finally {
                notifier.close();
            }
        }
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), "exactly one: " + items);
        return items.get(0);
    }

    /**
     * A ReactiveMailer that really speaks SMTP (Jakarta Mail) to a {@link MailReceiver}, sending from
     * harmony@localhost as the conductor's quarkus.mailer.from does: what {@link EmailChannel} hands over must survive
     * the trip through an SMTP server, not just reach a list.
     */
    record SmtpMailer(int port) implements ReactiveMailer {
        @Override
        public Uni<Void> send(Mail... mails) {
            return Uni.createFrom().item(() -> {
                Properties props = new Properties();
                props.put("mail.smtp.host", "127.0.0.1");
                props.put("mail.smtp.port", String.valueOf(port));
                try {
                    for (Mail mail : mails) {
                        MimeMessage message = new MimeMessage(Session.getInstance(props));
                        message.setFrom(new InternetAddress("harmony@localhost"));
                        for (String to : mail.getTo()) {
                            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
                        }
                        message.setSubject(mail.getSubject());
                        message.setText(mail.getText());
                        Transport.send(message);
                    }
                    return null;
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** Collects what one class logs (level and formatted message), through the JBoss LogManager the tests run with. */
    static final class LogCapture extends java.util.logging.Handler implements AutoCloseable {
        private final java.util.logging.Logger logger;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private LogCapture(java.util.logging.Logger logger) {
            this.logger = logger;
        }

        static LogCapture of(Class<?> type) {
            assertInstanceOf(org.jboss.logmanager.LogManager.class, java.util.logging.LogManager.getLogManager(),
                    "surefire sets java.util.logging.manager");
            LogCapture capture = new LogCapture(java.util.logging.Logger.getLogger(type.getName()));
            capture.logger.addHandler(capture);
            return capture;
        }

        List<String> lines() {
            return lines;
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            String level = record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() ? "WARN"
                    : record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue() ? "INFO" : "DEBUG";
            if (!"DEBUG".equals(level)) {
                lines.add(level + " " + message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void alertKeysAreDeclaredAndOptional() {
        HarmonyConfig empty = config(Map.of()).getConfigMapping(HarmonyConfig.class);
        assertEquals(Optional.empty(), empty.alerts().webhook().url());
        assertEquals(Optional.empty(), empty.alerts().slack().url());
        assertEquals(Optional.empty(), empty.alerts().email().to());

        RuntimeException unknown = assertThrows(RuntimeException.class, () -> config(Map.of("harmony.alerts.pager.url", "http://x")));
        assertTrue(unknown.getMessage().contains("harmony.alerts.pager.url"), unknown.getMessage());
    }
}
