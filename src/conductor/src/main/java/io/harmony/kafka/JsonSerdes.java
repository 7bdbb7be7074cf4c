package io.harmony.kafka;

import io.harmony.Lazy;
import io.harmony.json.Json;

import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Serdes for our records, always with {@link Json#mapper()} so tests serialize exactly like production.
 * Not Quarkus' ObjectMapperSerde: it writes through a ByteArrayOutputStream that starts at 32 bytes and grows by
 * copying, a third of what the liveness thread allocated to publish a status record (async-profiler); Jackson's own
 * {@code writeValueAsBytes} reuses its buffers.
 */
public final class JsonSerdes {
    private JsonSerdes() {
    }

    public static <T> Serde<T> of(Class<T> type) {
        // Built on first use: writerFor/readerFor introspect the type, and the ~30 serdes of the topology were ~0.18 s
        // of the main thread before Kafka Streams could start (async-profiler, wall clock), on a start with no records.
        Lazy<ObjectWriter> writer = Lazy.of(() -> Json.mapper().writerFor(type));
        Lazy<ObjectReader> reader = Lazy.of(() -> Json.mapper().readerFor(type));
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null; // a tombstone
            }
            try {
                return writer.get().writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " for " + topic, e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.get().readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("not a " + type.getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
            }
        });
    }
}
