package io.harmony.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * What the broker and Redis hold, read as bytes with plain clients (no conductor code in between): every record of a
 * topic from its beginning, every string, list and hash in Redis.
 */
public final class RawStores {
    private RawStores() {
    }

    /** Key and value bytes of every record now on {@code topic}, all partitions, from the beginning to the end. */
    public static List<byte[]> topic(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "raw-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r.key() == null ? new byte[0] : r.key());
                        out.add(r.value() == null ? new byte[0] : r.value());
                    }
                }
            }
        }
        return out;
    }

    /** Every value Redis holds as a string, a list element or a hash field/value, as bytes. */
    public static List<byte[]> redis(RedisDataSource redis) {
        List<byte[]> out = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = redis.execute("SCAN", cursor, "COUNT", "1000");
            cursor = page.get(0).toString();
            for (Response k : page.get(1)) {
                String key = k.toString();
                String type = redis.execute("TYPE", key).toString();
                out.add(key.getBytes(StandardCharsets.UTF_8));
                switch (type) {
                    case "string" -> bytes(redis.execute("GET", key), out);
                    case "list" -> redis.execute("LRANGE", key, "0", "-1").forEach(v -> bytes(v, out));
                    // HKEYS and HVALS rather than HGETALL: arrays on RESP2 and RESP3 alike (HGETALL is a map on RESP3).
                    case "hash" -> {
                        redis.execute("HKEYS", key).forEach(v -> bytes(v, out));
                        redis.execute("HVALS", key).forEach(v -> bytes(v, out));
                    }
                    default -> { } // sets and streams: the conductor stores no payload in them
                }
            }
        } while (!cursor.equals("0"));
        return out;
    }

    private static void bytes(Response value, List<byte[]> out) {
        if (value != null) {
            out.add(value.type() == io.vertx.redis.client.ResponseType.BULK ? value.toBytes() : value.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The raw values of one Redis list (a queue or an instance's pending requests), oldest first. */
    public static List<String> list(RedisDataSource redis, String key) {
        List<String> out = new ArrayList<>();
        for (Response v : redis.execute("LRANGE", key, "0", "-1")) {
            out.add(new String(v.toBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    public static boolean anyContains(List<byte[]> haystacks, String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        return haystacks.stream().anyMatch(h -> indexOf(h, needle) >= 0);
    }

    public static long countContaining(List<byte[]> haystacks, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        return haystacks.stream().filter(h -> indexOf(h, needle) >= 0).count();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
