package io.harmony.topology;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.harmony.alerting.AlertRule;
import io.harmony.alerting.AlertViews;
import io.harmony.commands.CommandsView;
import io.harmony.liveness.LivenessTiming;
import io.harmony.liveness.RecoveryGate;
import io.harmony.liveness.ViewTracker;
import io.harmony.metrics.MetricsSettings;
import io.harmony.security.AccessRulesView;
import io.harmony.security.TokensView;

/** The topology as tests build it: their timing, default metrics retention, the built-in rule logging only. */
public final class Topologies {
    private Topologies() {
    }

    public static ConductorTopology of(LivenessTiming timing, ViewTracker tracker, RecoveryGate gate) {
        return new ConductorTopology(timing, tracker, gate,
                new MetricsSettings(Duration.ofHours(1), Duration.ofHours(24), Set.of("errors"), Duration.ZERO),
                AlertRule.componentDegraded(List.of("log")), new AlertViews(null), new CommandsView(),
                new TokensView(), new AccessRulesView());
    }
}
