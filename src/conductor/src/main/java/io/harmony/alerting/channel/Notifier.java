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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

import io.harmony.alerting.AlertNotice;

/**
 * Hands each alert notice to the channels a rule names, without ever blocking the caller (the alert evaluator):
 * deliveries run on a small scheduler, failed ones are retried with exponential backoff, and a channel with no
 * configured endpoint is logged as skipped (CONTRACT.md: such a rule is still accepted).
 */
public class Notifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifier.class);

    /** Channel names a rule may use in {@code notification_channels}; any other is a 400. */
    public static final Set<String> KNOWN = Set.of(WebhookChannel.NAME, SlackChannel.NAME, EmailChannel.NAME, LogChannel.NAME);

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

        /** The wait after failed attempt {@code attempt} (1-based). */
        Duration delayAfter(int attempt) {
            return firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
        }
    }

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final RetryPolicy retry;
    private final ScheduledExecutorService scheduler;
    private final Map<String, LongAdder> delivered = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();

    public Notifier(Collection<? extends Channel> channels) {
        this(channels, RetryPolicy.DEFAULT);
    }

    public Notifier(Collection<? extends Channel> channels, RetryPolicy retry) {
        for (Channel channel : channels) {
            this.channels.put(channel.name(), channel);
        }
        this.retry = retry;
        // Two threads: deliveries are asynchronous, but a channel's synchronous prelude (a DNS lookup) must not stall all.
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "harmony-alert-notifier");
            thread.setDaemon(true); // never holds the JVM open on shutdown
            return thread;
        });
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
                count(skipped, name);
            } else if (!channel.configured()) {
                LOG.infof("alert delivery to %s skipped: no endpoint configured (%s)", name, channel.configKey());
                count(skipped, name);
            } else {
                schedule(() -> attempt(channel, notice, 1), Duration.ZERO, channel, notice);
            }
        }
    }

    private void attempt(Channel channel, AlertNotice notice, int attempt) {
        CompletionStage<Void> stage;
        try {
            stage = channel.deliver(notice);
        } catch (RuntimeException e) { // a channel that throws instead of failing its stage is retried all the same
            stage = CompletableFuture.failedFuture(e);
        }
        stage.toCompletableFuture()
                .orTimeout(retry.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        count(delivered, channel.name());
                        if (attempt > 1) {
                            LOG.infof("alert %s for %s delivered to %s on attempt %d", notice.event(), notice.componentId(),
                                    channel.name(), attempt);
                        }
                    } else if (attempt >= retry.maxAttempts()) {
                        count(failed, channel.name());
                        LOG.warnf("alert %s %s for %s not delivered to %s: giving up after %d attempts, last error: %s",
                                notice.alertName(), notice.event(), notice.componentId(), channel.name(), attempt, describe(error));
                    } else {
                        Duration delay = retry.delayAfter(attempt);
                        LOG.debugf("alert delivery to %s failed (attempt %d, retrying in %s): %s", channel.name(), attempt,
                                delay, describe(error));
                        schedule(() -> attempt(channel, notice, attempt + 1), delay, channel, notice);
                    }
                });
    }

    private void schedule(Runnable task, Duration delay, Channel channel, AlertNotice notice) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            count(failed, channel.name());
            LOG.warnf("alert %s %s for %s not delivered to %s: the notifier is closed", notice.alertName(), notice.event(),
                    notice.componentId(), channel.name());
        }
    }

    /** Notices delivered to the channel (counted once each, however many attempts it took). */
    public long delivered(String channel) {
        return read(delivered, channel);
    }

    /** Notices given up on after the last attempt. */
    public long failed(String channel) {
        return read(failed, channel);
    }

    /** Notices not attempted because the channel has no endpoint configured (or does not exist). */
    public long skipped(String channel) {
        return read(skipped, channel);
    }

    /** Stops delivering; notices still waiting for an attempt are dropped, and their number logged. */
    @Override
    public void close() {
        int pending = scheduler.shutdownNow().size();
        if (pending > 0) {
            LOG.warnf("alert notifier closed with %d deliveries pending; they are dropped", pending);
        }
    }

    private static void count(Map<String, LongAdder> counters, String channel) {
        counters.computeIfAbsent(channel, c -> new LongAdder()).increment();
    }

    private static long read(Map<String, LongAdder> counters, String channel) {
        LongAdder counter = counters.get(channel);
        return counter == null ? 0 : counter.sum();
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof java.util.concurrent.TimeoutException
                ? "no answer in time"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
