package io.harmony.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.harmony.MockStores;
import io.harmony.kafka.KafkaNames;

/** When the evaluator writes a component's subject, and which metrics it trusts after a restart. */
class AlertEvaluatorTest {
    private static final String ID = "svc-001";
    private static final AlertRule DEEP = new AlertRule("queue-deep", "queue_depth > 100", List.of(), List.of("log"), 0, false);

    private MockProcessorContext<String, AlertOutput> context;
    private KeyValueStore<String, AlertSubject> subjects;
    private KeyValueStore<String, AlertState> states;

    @BeforeEach
    void stores() {
        context = new MockProcessorContext<>();
        subjects = MockStores.add(context, KafkaNames.Stores.ALERT_SUBJECTS, AlertSubject.class);
        states = MockStores.add(context, KafkaNames.Stores.ALERT_STATES, AlertState.class);
        MockStores.add(context, KafkaNames.Stores.ALERT_RULES_VIEW, AlertRule.class).put(DEEP.alertName(), DEEP);
    }

    private AlertEvaluator evaluator() {
        var evaluator = new AlertEvaluator(AlertRule.componentDegraded(List.of("log")), () -> 1L);
        evaluator.init(context);
        return evaluator;
    }

    private static Record<String, AlertInput> in(AlertInput input) {
        return new Record<>(ID, input, System.currentTimeMillis());
    }

    private static Record<String, AlertInput> depth(double d) {
        return in(AlertInput.metrics(Map.of("queue_depth", d)));
    }

    @Test
    void aQuietComponentsBeatsWriteNoSubjectButAnAlertingOnesDo() {
        AlertEvaluator evaluator = evaluator();
        evaluator.process(in(AlertInput.status("svc", "healthy")));
        evaluator.process(depth(5));
        evaluator.process(depth(7));
        assertEquals(Map.of(), subjects.get(ID).metrics(), "beats without an alert leave the stored subject as it was");

        evaluator.process(depth(500));
        assertNotNull(states.get(AlertState.key(DEEP.alertName(), ID)));
        assertEquals(500.0, subjects.get(ID).metrics().get("queue_depth"), "with an alert state the subject is kept current");
        evaluator.process(depth(600));
        assertEquals(600.0, subjects.get(ID).metrics().get("queue_depth"));
    }

    @Test
    void aRestartedEvaluatorTrustsNoStoredMetricsUntilTheNextBeat() {
        // stored at an earlier status change; the beats after it were not written
        subjects.put(ID, new AlertSubject("svc", "healthy", Map.of("queue_depth", 500.0)));
        AlertEvaluator evaluator = evaluator();

        evaluator.process(in(AlertInput.status("svc", "degraded")));
        assertNotNull(states.get(AlertState.key("component-degraded", ID)), "status rules are evaluated on the transition");
        assertNull(states.get(AlertState.key(DEEP.alertName(), ID)), "stale metrics evaluate nothing");

        evaluator.process(depth(500));
        assertNotNull(states.get(AlertState.key(DEEP.alertName(), ID)));
        assertTrue(context.forwarded().stream().anyMatch(f -> DEEP.alertName().equals(
                f.record().value().state() == null ? null : f.record().value().state().alertName())));
    }
}
