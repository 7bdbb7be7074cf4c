package io.harmony.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The conductor's one background Kafka loop: a thread that polls a topic and hands each batch to a handler, restarts
 * its consumer with capped, jittered backoff when Kafka fails, and exports its lag as
 * {@code harmony_consumer_lag{consumer}}. Two ways to read:
 * <ul>
 * <li>{@link Builder#tail()}: no group, every partition assigned, starting at the end — every replica sees everything
 * from now on (events fan-out, replies);</li>
 * <li>{@link Builder#group}: one consumer group shared by the replicas, starting at the committed offset, committing
 * after each handled batch — each record is handled by one replica (indexing, alert delivery).</li>
 * </ul>
 * A handler that throws has its batch read again from its first record after a backoff (nothing past it is committed):
 * handlers are idempotent per record, which is what makes at-least-once safe here.
 * <p>
 * Not SmallRye Reactive Messaging: the tails need "every partition, from the end, no group", and the indexer commits
 * only what Redis took; a channel's consumer is group-managed and commits on its own terms.
 */
public final class TailConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TailConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /** How long closing a consumer may wait for the broker (leave group, close fetch sessions). */
    private static final Duration CLOSE_LIMIT = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Receives each non-empty batch on the consumer's thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecords<String, String> records);
    }

    private final String name;
    private final String bootstrap;
    private final List<String> topics;
    private final Map<String, String> settings;
    private final boolean grouped;
    private final Duration pollTimeout;
    private final Duration commitEvery;
    private final Handler handler;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> current;
    private volatile long lag;
    private Thread thread;

    private TailConsumer(Builder b) {
        this.name = b.name;
        this.bootstrap = b.bootstrap;
        this.topics = List.copyOf(b.topics);
        this.settings = Map.copyOf(b.settings);
        this.grouped = b.settings.containsKey(ConsumerConfig.GROUP_ID_CONFIG);
        this.pollTimeout = b.pollTimeout;
        this.commitEvery = b.commitEvery;
        this.handler = Objects.requireNonNull(b.handler, "handler");
        if (b.meters != null) {
            Gauge.builder("harmony.consumer.lag", this, t -> t.lag)
                    .description("Records on the topic this loop has not read yet").tag("consumer", name).register(b.meters);
        }
    }

    public static Builder builder(String name, String bootstrap, String... topics) {
        return new Builder(name, bootstrap, List.of(topics));
    }

    /** Starts the loop on its own daemon thread. */
    public TailConsumer start() {
        running = true;
        thread = new Thread(this::loop, "harmony-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops the loop and waits (briefly) for its thread: a handler in progress finishes its batch. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, String> c = current;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            KafkaConsumer<String, String> consumer = KafkaClients.stringConsumer(bootstrap, settings);
            try {
                current = consumer;
                position(consumer);
                backoff = FIRST_BACKOFF;
                long lastCommit = 0;
                boolean uncommitted = false;
                while (running) {
                    ConsumerRecords<String, String> records = consumer.poll(pollTimeout);
                    if (!records.isEmpty()) {
                        handle(consumer, records);
                        uncommitted = grouped;
                    }
                    long now = System.nanoTime();
                    if (uncommitted && now - lastCommit >= commitEvery.toNanos()) {
                        consumer.commitAsync();
                        lastCommit = now;
                        uncommitted = false;
                    }
                    lag = lag(consumer);
                }
                if (uncommitted) {
                    consumer.commitSync(Duration.ofSeconds(2));
                }
            } catch (WakeupException e) {
                // close(): the loop condition ends it
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("%s failed, restarting in %d ms: %s", name, backoff.toMillis(), e.getMessage());
                    pause(backoff);
                    backoff = next(backoff);
                }
            } finally {
                current = null;
                // Bounded: the default (30 s) waits for the broker to close the fetch sessions, which held each
                // conductor stop ~1.5 s per loop; offsets were committed above, and a session left open just expires.
                consumer.close(CloseOptions.timeout(CLOSE_LIMIT));
            }
        }
    }

    /** Hands the batch over; if the handler throws, seeks back to the batch's start and retries after a backoff. */
    private void handle(KafkaConsumer<String, String> consumer, ConsumerRecords<String, String> records) {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                handler.handle(records);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s could not handle %d records, retrying in %d ms: %s", name, records.count(), backoff.toMillis(), e.getMessage());
                pause(backoff);
                backoff = next(backoff);
            }
        }
        // Stopped while failing: make sure the unhandled batch is neither committed nor skipped by a later poll.
        for (TopicPartition tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private void position(KafkaConsumer<String, String> consumer) {
        if (grouped) {
            consumer.subscribe(topics);
            return;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // pin the start now, not lazily at the first poll
    }

    private static long lag(KafkaConsumer<String, String> consumer) {
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        return sum;
    }

    private static Duration next(Duration backoff) {
        long doubled = Math.min(backoff.toMillis() * 2, MAX_BACKOFF.toMillis());
        return Duration.ofMillis(doubled / 2 + ThreadLocalRandom.current().nextLong(doubled / 2 + 1)); // jitter: replicas do not retry in step
    }

    private static void pause(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis()); // backoff of a background loop, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final String name;
        private final String bootstrap;
        private final List<String> topics;
        private final Map<String, String> settings = new HashMap<>();
        private Duration pollTimeout = Duration.ofMillis(200);
        private Duration commitEvery = Duration.ZERO;
        private Handler handler;
        private MeterRegistry meters;

        private Builder(String name, String bootstrap, List<String> topics) {
            this.name = name;
            this.bootstrap = bootstrap;
            this.topics = topics;
        }

        /** No group: every partition, from the end (the default). */
        public Builder tail() {
            settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
            return this;
        }

        /** A consumer group shared by the replicas; a new group starts at {@code offsetReset} (earliest | latest). */
        public Builder group(String groupId, String offsetReset) {
            settings.putAll(KafkaClients.inGroup(groupId, offsetReset));
            return this;
        }

        /** Commit at most this often (a restart hint when the handler is idempotent); default after every batch. */
        public Builder commitEvery(Duration every) {
            this.commitEvery = every;
            return this;
        }

        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder pollTimeout(Duration timeout) {
            this.pollTimeout = timeout;
            return this;
        }

        public Builder meters(MeterRegistry meters) {
            this.meters = meters;
            return this;
        }

        public Builder handler(Handler handler) {
            this.handler = handler;
            return this;
        }

        public TailConsumer build() {
            return new TailConsumer(this);
        }
    }
}
