package io.harmony.alerting.channel;

import io.harmony.Lazy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.harmony.alerting.AlertNotice;
import io.quarkus.mailer.reactive.ReactiveMailer;

class NotifierTest {
    private static final AlertNotice NOTICE = AlertNotice.firing("high-error-rate", "sherlock-hub-001", "sherlock-hub",
            "errors_per_minute > 5", 7.0, Instant.parse("2026-11-27T10:15:30Z"));
    /** Short waits so a test rides through several retries in well under a second. */
    private static final Notifier.RetryPolicy FAST = new Notifier.RetryPolicy(6, Duration.ofMillis(20), Duration.ofSeconds(2));
    private static final ReactiveMailer NO_MAILER = mails -> {
        throw new AssertionError("no mail expected");
    };

    private final Supplier<HttpClient> http = Lazy.of(HttpClient::newHttpClient);
    private Notifier notifier;

    @AfterEach
    void close() {
        if (notifier != null) {
            notifier.close();
        }
    }

    @Test
    void flakyReceiverGetsExactlyOneSuccessfulDelivery() throws Exception {
        try (var receiver = new WebhookReceiver(500, 503, 200)) {
            // Given
            notifier = new Notifier(List.of(new WebhookChannel(receiver.url(), http)), FAST);

            // When
            notifier.notify(NOTICE, List.of("webhook"));

            // Then: two failures, one success, and no attempt after it
            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered("webhook") == 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> receiver.received().size() == 3);
            assertEquals(0, notifier.failed("webhook"));
            assertEquals(receiver.received().get(0).body(), receiver.received().get(2).body(), "the same notice each time");
        }
    }

    @Test
    void givesUpAfterTheLastAttemptAndCountsTheFailure() throws Exception {
        try (var receiver = new WebhookReceiver(500)) {
            notifier = new Notifier(List.of(new WebhookChannel(receiver.url(), http)),
                    new Notifier.RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2)));

            notifier.notify(NOTICE, List.of("webhook"));

            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.failed("webhook") == 1);
            assertEquals(3, receiver.received().size());
            assertEquals(0, notifier.delivered("webhook"));
        }
    }

    @Test
    void unconfiguredChannelsAreSkippedAndTheOthersStillDelivered() throws Exception {
        try (var receiver = new WebhookReceiver(200)) {
            notifier = new Notifier(List.of(
                    new WebhookChannel(receiver.url(), http),
                    new SlackChannel(Optional.empty(), http),
                    new EmailChannel(NO_MAILER, Optional.empty()),
                    new LogChannel()), FAST);

            // The seed's rule names email and slack; neither is configured on a fresh conductor.
            notifier.notify(NOTICE, List.of("email", "slack", "log", "webhook", "webhook"));

            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered("webhook") == 1
                    && notifier.delivered("log") == 1);
            assertEquals(1, notifier.skipped("email"));
            assertEquals(1, notifier.skipped("slack"));
            assertEquals(0, notifier.failed("email") + notifier.failed("slack"));
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> receiver.received().size() == 1); // a channel named twice is delivered once
        }
    }

    @Test
    void unknownChannelNameIsLoggedNotThrown() {
        notifier = new Notifier(List.of(new LogChannel()), FAST);

        notifier.notify(NOTICE, List.of("pager"));

        assertEquals(1, notifier.skipped("pager"));
    }

    @Test
    void notifyReturnsAtOnceWhileTheReceiverHangs() throws Exception {
        try (var receiver = new WebhookReceiver(WebhookReceiver.HANG)) {
            notifier = new Notifier(List.of(new WebhookChannel(receiver.url(), http)),
                    new Notifier.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(500)));

            long start = System.nanoTime();
            notifier.notify(NOTICE, List.of("webhook"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "notify took " + took);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() >= 1);
            // Each hanging attempt times out, so the notifier gives up rather than waiting forever.
            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.failed("webhook") == 1);
        }
    }

    @Test
    void channelThatThrowsIsRetriedLikeOneThatFails() {
        AtomicInteger calls = new AtomicInteger();
        Channel throwsOnce = new Channel() {
            @Override
            public String name() {
                return "webhook";
            }

            @Override
            public boolean configured() {
                return true;
            }

            @Override
            public CompletionStage<Void> deliver(AlertNotice notice) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("boom");
                }
                return CompletableFuture.completedFuture(null);
            }
        };
        notifier = new Notifier(List.of(throwsOnce), FAST);

        notifier.notify(NOTICE, List.of("webhook"));

        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.delivered("webhook") == 1);
        assertEquals(2, calls.get());
    }

    @Test
    void backoffDoublesFromTheFirstDelay() {
        var policy = Notifier.RetryPolicy.DEFAULT;

        // 0.5, 1, 2, 4, 8 s between the six attempts: the last wait is the first doubled four times.
        assertEquals(Duration.ofMillis(500), policy.firstDelay());
        assertEquals(Duration.ofSeconds(8), policy.lastDelay());
        assertEquals(6, policy.maxAttempts());
        assertEquals(Notifier.KNOWN, java.util.Set.of("webhook", "slack", "email", "log"));
    }
}
