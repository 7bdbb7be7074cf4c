package io.harmony.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.harmony.json.Decoded;

/**
 * The key serde of the topics keyed by component id (registrations, heartbeats, status; the other global views too,
 * whose few keys it costs nothing). Its deserializer answers one canonical String per id ({@link Decoded#canonical}):
 * every beat's key was a new String, and each per-component map of the topology (deadlines, the sweeper's view,
 * metrics copies, alert subjects, the gauges) kept the instance of whichever record first put it.
 */
public final class ComponentIdSerde {
    private ComponentIdSerde() {
    }

    public static Serde<String> serde() {
        StringDeserializer plain = new StringDeserializer();
        return Serdes.serdeFrom(new StringSerializer(), (topic, bytes) -> Decoded.canonical(plain.deserialize(topic, bytes)));
    }
}
