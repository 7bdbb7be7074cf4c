package io.harmony.alerting.channel;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.harmony.alerting.AlertNotice;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Hands each alert notice to the channels a rule names, without ever blocking the caller (the alert evaluator):
 * deliveries run asynchronously, failed ones are retried with Mutiny's exponential backoff, each outcome is counted in
 * {@code harmony_alerts_delivered_total{channel,outcome}}, and a channel with no
 * configured endpoint is logged as skipped (CONTRACT.md: such a rule is still accepted).
 */
public class Notifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifier.class);

    /** Channel names a rule may use in {@code notification_channels}; any other is a 400. */
    public static final Set<String> KNOWN = Set.of(WebhookChannel.NAME, SlackChannel.NAME, EmailChannel.NAME, LogChannel.NAME);
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String SKIPPED = "skipped";

    /**
     * How hard to try: {@code maxAttempts} in all, waiting {@code firstDelay}, then twice that, and so on between them;
     * an attempt still unanswered after {@code attemptTimeout} counts as failed.
     */
    public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration attemptTimeout) {
        /** 6 attempts over about 15 s (0.5, 1, 2, 4, 8 s apart): rides out a receiver's restart, not an outage. */
        public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30));

        public RetryPolicy {
            if (maxAttempts < 1 || firstDelay.isNegative() || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
                throw new IllegalArgumentException("invalid retry policy " + maxAttempts + ", " + firstDelay + ", " + attemptTimeout);
            }
        }

        /** The wait before the last attempt: the first delay doubled once per attempt in between. */
        Duration lastDelay() {
            return firstDelay.multipliedBy(1L << Math.min(Math.max(maxAttempts - 2, 0), 20));
        }
    }

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final RetryPolicy retry;
    private final MeterRegistry meters;
    /** Deliveries still trying; close() cancels them. */
    private final Set<AtomicReference<Cancellable>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Notifier(Collection<? extends Channel> channels) {
        this(channels, RetryPolicy.DEFAULT, new SimpleMeterRegistry());
    }

    public Notifier(Collection<? extends Channel> channels, RetryPolicy retry) {
        this(channels, retry, new SimpleMeterRegistry());
    }

    public Notifier(Collection<? extends Channel> channels, RetryPolicy retry, MeterRegistry meters) {
        for (Channel channel : channels) {
            this.channels.put(channel.name(), channel);
        }
        this.retry = retry;
        this.meters = meters;
    }

    /**
     * Delivers the notice to each named channel (duplicates once), in the background. Returns at once and never
     * throws for a delivery problem: unknown or unconfigured channels are logged, failures retried then logged.
     */
    public void notify(AlertNotice notice, List<String> channelNames) {
        for (String name : new LinkedHashSet<>(channelNames)) {
            Channel channel = channels.get(name);
            if (channel == null) {
                LOG.warnf("alert delivery to %s skipped: no such channel (known: %s)", name, KNOWN);
                count(name, SKIPPED);
            } else if (!channel.configured()) {
                LOG.infof("alert delivery to %s skipped: no endpoint configured (%s)", name, channel.configKey());
                count(name, SKIPPED);
            } else if (closed) {
                count(name, FAILED);
                LOG.warnf("alert %s %s for %s not delivered to %s: the notifier is closed", notice.alertName(), notice.event(),
                        notice.componentId(), name);
            } else {
                deliver(channel, notice);
            }
        }
    }

    /**
     * One delivery: each attempt bounded by the policy's timeout, failures retried by Mutiny with exponential backoff
     * (no jitter: one conductor's deliveries to one receiver are few), on Mutiny's default executor, never blocking.
     */
    private void deliver(Channel channel, AlertNotice notice) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Cancellable> delivery = new AtomicReference<>();
        inFlight.add(delivery); // before subscribing: a delivery may finish on this thread
        Cancellable subscription = Uni.createFrom().completionStage(() -> {
                    attempts.incrementAndGet();
                    try {
                        return channel.deliver(notice);
                    } catch (RuntimeException e) { // a channel that throws instead of failing its stage is retried all the same
                        return CompletableFuture.failedFuture(e);
                    }
                })
                .ifNoItem().after(retry.attemptTimeout()).fail()
                .onFailure().invoke(e -> LOG.debugf("alert delivery to %s failed (attempt %d): %s", channel.name(), attempts.get(), describe(e)))
                .onFailure().retry().withBackOff(retry.firstDelay(), retry.lastDelay()).withJitter(0).atMost(retry.maxAttempts() - 1)
                .subscribe().with(ok -> {
                    inFlight.remove(delivery);
                    count(channel.name(), DELIVERED);
                    if (attempts.get() > 1) {
                        LOG.infof("alert %s for %s delivered to %s on attempt %d", notice.event(), notice.componentId(),
                                channel.name(), attempts.get());
                    }
                }, error -> {
                    inFlight.remove(delivery);
                    count(channel.name(), FAILED);
                    LOG.warnf("alert %s %s for %s not delivered to %s: giving up after %d attempts, last error: %s",
                            notice.alertName(), notice.event(), notice.componentId(), channel.name(), attempts.get(), describe(error));
                });
        delivery.set(subscription);
    }

    /** Notices delivered to the channel (counted once each, however many attempts it took). */
    public long delivered(String channel) {
        return read(channel, DELIVERED);
    }

    /** Notices given up on after the last attempt. */
    public long failed(String channel) {
        return read(channel, FAILED);
    }

    /** Notices not attempted because the channel has no endpoint configured (or does not exist). */
    public long skipped(String channel) {
        return read(channel, SKIPPED);
    }

    /** Stops delivering; deliveries still retrying are dropped, and their number logged. */
    @Override
    public void close() {
        closed = true;
        int pending = inFlight.size();
        inFlight.forEach(d -> {
            Cancellable c = d.get();
            if (c != null) {
                c.cancel();
            }
        });
        inFlight.clear();
        if (pending > 0) {
            LOG.warnf("alert notifier closed with %d deliveries pending; they are dropped", pending);
        }
    }

    private void count(String channel, String outcome) {
        counter(channel, outcome).increment();
    }

    private long read(String channel, String outcome) {
        return (long) counter(channel, outcome).count();
    }

    private Counter counter(String channel, String outcome) {
        return Counter.builder("harmony.alerts.delivered").description("Alert notices by channel and outcome (delivered, failed, skipped)")
                .tag("channel", channel).tag("outcome", outcome).register(meters);
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof java.util.concurrent.TimeoutException
                ? "no answer in time"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
