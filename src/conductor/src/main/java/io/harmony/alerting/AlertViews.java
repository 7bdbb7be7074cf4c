package io.harmony.alerting;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.harmony.errors.DependencyUnavailableException;
import io.harmony.kafka.KafkaNames.Stores;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Every replica's copies of the rules (harmony.alerts) and of the alert states (harmony.alert-states), both global
 * stores, so any replica answers GET /alerts and /alerts/active without forwarding.
 */
@Singleton
public class AlertViews {
    private final AppliedOffsets rulesApplied = new AppliedOffsets();
    private final AppliedOffsets statesApplied = new AppliedOffsets();
    private final Instance<KafkaStreams> streams;

    public AlertViews(Instance<KafkaStreams> streams) {
        this.streams = streams;
    }

    public AppliedOffsets rulesApplied() {
        return rulesApplied;
    }

    public AppliedOffsets statesApplied() {
        return statesApplied;
    }

    List<AlertRule> rules() {
        return all(Stores.ALERT_RULES_VIEW);
    }

    AlertRule rule(String name) {
        try {
            return this.<AlertRule>store(Stores.ALERT_RULES_VIEW).get(name);
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    List<AlertState> states() {
        return all(Stores.ALERT_STATES_VIEW);
    }

    private <V> List<V> all(String name) {
        List<V> result = new ArrayList<>();
        try (KeyValueIterator<String, V> it = this.<V>store(name).all()) {
            it.forEachRemaining(kv -> result.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
        return result;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.get().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private static DependencyUnavailableException notReady(InvalidStateStoreException e) {
        return new DependencyUnavailableException("the alert view is not loaded yet (start-up or rebalance); retry shortly", e);
    }
}
