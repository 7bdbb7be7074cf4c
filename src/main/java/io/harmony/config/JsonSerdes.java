package io.harmony.config;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

/** Serdes for our records, always with {@link Json#mapper()} so tests serialize exactly like production. */
public final class JsonSerdes {
    private JsonSerdes() {
    }

    public static <T> ObjectMapperSerde<T> of(Class<T> type) {
        return new ObjectMapperSerde<>(type, Json.mapper());
    }
}
