package io.harmony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import io.harmony.embedded.EmbeddedInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real KRaft broker and a real Redis on free loopback ports, once per test JVM, through the same embedded code
 * the conductor runs. Put on every @QuarkusTest class with scope GLOBAL.
 */
public class EmbeddedInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            var dir = Files.createTempDirectory("harmony-test-");
            Map<String, String> config = new HashMap<>(EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, dir, false)));
            config.putAll(alertReceivers());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Real receivers for alert deliveries: an HTTP server for webhook and Slack, an SMTP server for email. */
    public static Map<String, String> alertReceivers() {
        int http = AlertReceivers.start();
        int smtp = io.harmony.alerting.MailCapture.start();
        return Map.of(
                "harmony.alerts.webhook.url", "http://127.0.0.1:" + http + "/webhook",
                "harmony.alerts.slack.url", "http://127.0.0.1:" + http + "/slack",
                "harmony.alerts.email.to", "oncall@example.test",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(smtp));
    }

    @Override
    public void stop() {
        // No-op on purpose: the JVM hook closes the servers; they are reused across Quarkus restarts in this JVM.
    }
}
