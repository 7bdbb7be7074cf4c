package io.harmony.alerting.channel;

import java.net.http.HttpClient;
import java.util.Optional;
import java.util.function.Supplier;


/** POSTs the {@link AlertNotice} itself as JSON (snake_case) to {@code harmony.alerts.webhook.url}. */
public class WebhookChannel extends HttpJsonChannel {
    public static final String NAME = "webhook";

    public WebhookChannel(Optional<String> url, Supplier<HttpClient> client) {
        super(NAME, url, client, notice -> notice);
    }
}
