package io.harmony.alerting.channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.harmony.alerting.AlertNotice;

/** Writes each notice to the conductor's log: WARN when firing, INFO when resolved. Needs no configuration. */
public class LogChannel implements Channel {
    public static final String NAME = "log";
    private static final Logger LOG = Logger.getLogger(LogChannel.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public CompletionStage<Void> deliver(AlertNotice notice) {
        String value = notice.value() == null ? "" : ", value " + notice.value();
        if (notice.firing()) {
            LOG.warnf("alert %s FIRING on %s (%s): %s%s, since %s", notice.alertName(), notice.componentId(),
                    notice.component(), notice.condition(), value, notice.since());
        } else {
            LOG.infof("alert %s resolved on %s (%s): %s%s, was firing since %s", notice.alertName(), notice.componentId(),
                    notice.component(), notice.condition(), value, notice.since());
        }
        return CompletableFuture.completedFuture(null);
    }
}
