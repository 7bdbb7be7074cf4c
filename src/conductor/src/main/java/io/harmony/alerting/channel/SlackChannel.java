package io.harmony.alerting.channel;

import java.net.http.HttpClient;
import java.util.Optional;
import java.util.function.Supplier;

import io.harmony.alerting.AlertNotice;

/** POSTs a Slack incoming-webhook message ({@code {"text": ...}}) to {@code harmony.alerts.slack.url}. */
public class SlackChannel extends HttpJsonChannel {
    public static final String NAME = "slack";

    /** The incoming-webhook body; {@code text} alone is a complete message. */
    record SlackMessage(String text) {
    }

    public SlackChannel(Optional<String> url, Supplier<HttpClient> client) {
        super(NAME, url, client, notice -> new SlackMessage(text(notice)));
    }

    /** E.g. {@code :rotating_light: high-error-rate FIRING on sherlock-hub-001: errors_per_minute &gt; 5 (value 7.0)}. */
    static String text(AlertNotice notice) {
        String head = notice.firing()
                ? ":rotating_light: " + notice.alertName() + " FIRING on " + notice.componentId()
                : ":white_check_mark: " + notice.alertName() + " resolved on " + notice.componentId();
        String value = notice.value() == null ? "" : " (value " + notice.value() + ")";
        return escape(head + ": " + notice.condition() + value);
    }

    /** Slack reads &, < and > as markup (links, mentions), so they must be sent as entities; Slack shows them as typed. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
