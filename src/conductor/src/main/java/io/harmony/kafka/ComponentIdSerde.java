package io.harmony.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The key serde of the topics keyed by component id (registrations, heartbeats, status; the other global views too,
 * whose few keys it costs nothing). Its deserializer answers
 * one canonical (interned) String per id: every beat's key was a new String, and each per-component map of the
 * topology (deadlines, the sweeper's view, metrics copies, alert subjects, the gauges) kept the instance of whichever
 * record first put it, so one id lived up to eight times on the heap (measured: 12 Strings per component at 100,000).
 * The JVM's string table holds interned strings weakly, so an id nobody references any more is collected.
 */
public final class ComponentIdSerde {
    private ComponentIdSerde() {
    }

    public static Serde<String> serde() {
        StringDeserializer plain = new StringDeserializer();
        return Serdes.serdeFrom(new StringSerializer(), (topic, bytes) -> {
            String id = plain.deserialize(topic, bytes);
            return id == null ? null : id.intern();
        });
    }
}
