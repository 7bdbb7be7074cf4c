package io.harmony.alerting.channel;

import java.util.concurrent.CompletionStage;

import io.harmony.alerting.AlertNotice;

/** One way of telling people about an alert (CONTRACT.md: webhook, slack, email, log). Retries belong to {@link Notifier}. */
public interface Channel {

    /** The name rules use in {@code notification_channels}. */
    String name();

    /** False when its endpoint is not configured; the {@link Notifier} then logs the delivery as skipped. */
    boolean configured();

    /** Sends one notice; the stage fails on a non-2xx answer, an SMTP failure or when not configured. Never blocks. */
    CompletionStage<Void> deliver(AlertNotice notice);

    /** The setting that configures this channel, named in the "skipped" log line. */
    default String configKey() {
        return "harmony.alerts." + name();
    }
}
