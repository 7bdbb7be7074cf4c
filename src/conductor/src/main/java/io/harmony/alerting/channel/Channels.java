package io.harmony.alerting.channel;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import io.harmony.Lazy;
import io.harmony.config.HarmonyConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the {@link Notifier} and its four channels from {@code harmony.alerts.*} once, for {@code @Inject Notifier}. */
@Singleton
public class Channels {

    /** Connecting to a webhook receiver; the whole request is bounded by the channel's own 5 s timeout. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Produces
    @Singleton
    Notifier notifier(HarmonyConfig config, ReactiveMailer mailer, MeterRegistry meters) {
        // Shared by webhook and Slack, and built on their first delivery: building one loads the JDK's TLS stack,
        // ~0.1 s of the main thread at start-up, which a conductor without a webhook or Slack URL never needs.
        Lazy<HttpClient> http = Lazy.of(() -> HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
        HarmonyConfig.Alerts alerts = config.alerts();
        return new Notifier(List.of(
                new WebhookChannel(alerts.webhook().url(), http),
                new SlackChannel(alerts.slack().url(), http),
                new EmailChannel(mailer, alerts.email().to()),
                new LogChannel()), Notifier.RetryPolicy.DEFAULT, meters);
    }

    void close(@Disposes Notifier notifier) {
        notifier.close();
    }
}
