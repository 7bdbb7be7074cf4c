package io.harmony;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.harmony.kafka.JsonSerdes;

/** For processor unit tests: an in-memory, unlogged store with the topology's JSON serde, registered with a mock context. */
public final class MockStores {
    private MockStores() {
    }

    public static <V> KeyValueStore<String, V> add(MockProcessorContext<?, ?> context, String name, Class<V> type) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                JsonSerdes.of(type)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
