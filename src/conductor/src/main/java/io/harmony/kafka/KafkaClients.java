package io.harmony.kafka;

import io.harmony.config.StartOrder;
import jakarta.enterprise.inject.Produces;
import io.smallrye.mutiny.Uni;
import io.smallrye.health.api.AsyncHealthCheck;
import io.harmony.health.Checks;
import org.eclipse.microprofile.health.Readiness;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import io.harmony.config.Endpoints;
import io.harmony.config.HarmonyConfig;
import io.harmony.errors.DependencyUnavailableException;
import io.harmony.kafka.KafkaNames.Topics;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The conductor's one producer and admin client. Plain kafka-clients rather than a messaging channel: every write
 * needs the broker's acknowledgement as a future to answer HTTP on, and nothing more.
 */
@Singleton
public class KafkaClients {
    private static final Logger LOG = Logger.getLogger(KafkaClients.class);

    /**
     * The topics these producers write; Streams writes the others. Their partitions are learnt at start
     * ({@link #learnPartitions}), so a write never waits for them on an event loop.
     */
    static final List<String> PRODUCED = List.of(Topics.REGISTRATIONS, Topics.HEARTBEATS, Topics.MESSAGES, Topics.EVENTS,
            Topics.REQUESTS, Topics.REPLIES, Topics.ALERTS, Topics.COMMANDS, Topics.TOKENS, Topics.ACCESS_CONTROL);

    private final String bootstrapServers;
    private final HarmonyConfig config;
    /** A write's worst case: blocked for room or metadata, then the whole delivery timeout for the acknowledgement. */
    private final long ackTimeoutMs;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaProducer<String, byte[]> lingeringProducer;
    private volatile Admin admin;
    private volatile Map<String, Integer> viewPartitions = Map.of();

    private final String redisHosts;

    KafkaClients(Endpoints endpoints, HarmonyConfig config) {
        this.bootstrapServers = endpoints.kafkaBootstrap();
        this.redisHosts = endpoints.redisHosts();
        this.config = config;
        this.ackTimeoutMs = config.kafka().maxBlock().plus(config.kafka().deliveryTimeout()).toMillis();
    }

    void onStart(@Observes @jakarta.annotation.Priority(StartOrder.TOPICS) StartupEvent event) {
        LOG.infof("Using Kafka at %s and Redis at %s", bootstrapServers, redisHosts);
        createTopics();
        learnPartitions();
    }

    /**
     * Has each producer learn where the partitions of the topics it writes are, now, while the broker answers.
     * {@code send} blocks its caller (up to max-block) for a topic whose partitions the producer does not know, and
     * our callers are event loops: one broadcast while the broker was unreachable froze its loop for 5 s, and every
     * read and /health on that loop with it (seen on a replica whose broker was stopped). Known topics are never
     * forgotten (metadata.max.idle.ms), so a write queues at once and fails after the delivery timeout, as a 503.
     * Skipped when the broker did not answer at start: each topic would wait out max-block, and the start with it.
     */
    void learnPartitions() {
        if (viewPartitions.isEmpty()) {
            return; // createTopics could not describe a topic: the first writes will learn, once the broker answers
        }
        for (String topic : PRODUCED) {
            try {
                producerFor(topic).partitionsFor(topic);
            } catch (RuntimeException e) {
                LOG.warnf("Kafka did not describe %s at start (%s): writes will learn it once the broker answers", topic, e.getMessage());
                return;
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(3));
        }
        if (lingeringProducer != null) {
            lingeringProducer.close(java.time.Duration.ofSeconds(3));
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }

    /** Readiness: the broker answers a cluster description (every write goes there first). */
    @Produces
    @Readiness
    @Singleton
    AsyncHealthCheck readiness() {
        return () -> Checks.bounded(Checks.KAFKA, Uni.createFrom().completionStage(() -> admin()
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) Checks.BOUND.toMillis())).clusterId().toCompletionStage()));
    }

    /** Sends and completes once the broker acknowledged (acks=all): acknowledged means durable. */
    public CompletableFuture<RecordMetadata> send(String topic, String key, byte[] value) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producerFor(topic).send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(new DependencyUnavailableException("Kafka did not accept the write: " + error.getMessage(), error));
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(new DependencyUnavailableException("Kafka did not accept the write: " + e.getMessage(), e));
        }
        return acked;
    }

    public Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties p = new Properties();
                    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
                    admin = Admin.create(p);
                }
                a = admin;
            }
        }
        return a;
    }

    /**
     * Queued messages and registrations go through a second producer that lingers a millisecond; heartbeats, which
     * answer on the ack alone, keep a producer that never waits. Messages already wait for the indexer, and a 1 KiB
     * message is big enough that batching pays (fewer produce requests for the broker sharing our cores). A storm of
     * registrations batches by itself too little at ~2,000/s: with the linger a warm storm of 10,000 cost ~13 % less CPU
     * per registration and ran ~15 % faster (median of four interleaved pairs: 853 against 980 µs, 2,134 against
     * 1,868/s), for at most a millisecond more on a registration's answer.
     */
    private KafkaProducer<String, byte[]> producerFor(String topic) {
        boolean lingering = Topics.MESSAGES.equals(topic) || Topics.REGISTRATIONS.equals(topic);
        KafkaProducer<String, byte[]> p = lingering ? lingeringProducer : producer;
        return p != null ? p : create(lingering);
    }

    /** Created on first use; both producers share every setting but the lingering. */
    private synchronized KafkaProducer<String, byte[]> create(boolean lingering) {
        if (lingering && lingeringProducer == null) {
            Properties props = producerSettings();
            props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
            lingeringProducer = new KafkaProducer<>(props);
        } else if (!lingering && producer == null) {
            producer = new KafkaProducer<>(producerSettings());
        }
        return lingering ? lingeringProducer : producer;
    }

    private Properties producerSettings() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Heartbeats are the hot path. No linger: under load the producer batches by itself while up to five
        // requests are in flight (measured: 14,400 beats/s, p50 1.5 ms at 2,000/s; a 2 ms linger added
        // 2 ms to every answer and gained little throughput on two cores).
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // Fail an HTTP call within seconds when the broker is gone, rather than hanging for minutes.
        long deliveryMs = config.kafka().deliveryTimeout().toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.kafka().maxBlock().toMillis()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryMs));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(deliveryMs / 2)); // Kafka wants delivery >= linger + request
        // Keep every topic's partitions once learnt (learnPartitions), however rarely it is written (the default
        // forgets a topic after 5 idle minutes, and the next write would wait for metadata on an event loop).
        props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Long.toString(java.time.Duration.ofDays(365).toMillis()));
        // And keep them when every broker is unreachable: Kafka 4's default (rebootstrap) then starts over from
        // bootstrap.servers with no partitions known, and every write waited out max-block on its event loop (seen
        // in KafkaClientsOutageTest, the broker stopped). The price: brokers that all come back at new addresses are
        // found after a restart only; Strimzi's and the compose file's are addressed by stable names.
        props.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * A plain consumer of string records, committing nothing by itself. Without a group it tails assigned partitions
     * (every replica reads everything); {@link #inGroup} makes it share a topic with the other replicas.
     */
    public static KafkaConsumer<String, String> stringConsumer(String bootstrapServers, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "2000"); // bounds only an idle long-poll: data returns at once
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.putAll(overrides);
        return new KafkaConsumer<>(p);
    }

    /**
     * Blocks until a write (or several, combined) is acknowledged: an HTTP answer that promises durability waits here.
     * A broker that does not answer within max-block + delivery-timeout is a 503, never a hang.
     */
    public <T> T awaitAck(CompletableFuture<T> future) {
        return awaitAck(future, ackTimeoutMs, "Kafka");
    }

    /**
     * The same bound as {@link #awaitAck}, without blocking: for endpoints that answer from the event loop (register,
     * deregister), where 64 workers parked on acks cost a storm more in hand-offs than the work itself.
     */
    public <T> Uni<T> acked(CompletableFuture<T> future) {
        return Uni.createFrom().completionStage(future).ifNoItem().after(java.time.Duration.ofMillis(ackTimeoutMs))
                .failWith(() -> unanswered("Kafka", ackTimeoutMs, null));
    }

    /**
     * Waits, bounded by harmony.kafka.view-wait, for this replica's view to show a write that Kafka acknowledged, so a
     * read right after the answer agrees with it. Past the bound it returns anyway: the write is durable, only this
     * replica's view lags.
     */
    public void awaitView(CompletableFuture<?> visible) {
        try {
            visible.get(config.kafka().viewWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            visible.cancel(false);
        } catch (InterruptedException e) {
            visible.cancel(false);
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T awaitAck(CompletableFuture<T> future, long ms, String what) {
        try {
            return future.get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new DependencyUnavailableException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw unanswered(what, ms, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted waiting for " + what, e);
        }
    }

    private static DependencyUnavailableException unanswered(String what, long ms, Throwable cause) {
        return new DependencyUnavailableException(what + " did not answer within " + ms + " ms", cause);
    }

    /** Settings of a consumer group member that a dead replica hands over within seconds (as the Streams group). */
    public static Map<String, String> inGroup(String groupId, String offsetReset) {
        return Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000",
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
    }

    /** Creates missing topics with the contract's settings, on an embedded or an external broker. */
    void createTopics() {
        var kafka = config.kafka();
        TopicSetup.create(admin(), kafka.partitions(), kafka.replicationFactor(), kafka.minInsyncReplicas(), bootstrapServers);
        // Before Streams starts, so ViewsReady can tell when the global views are replayed (existing topics keep
        // whatever partition count they were created with, so it is read, not taken from the configuration).
        viewPartitions = TopicSetup.partitionCounts(admin(), KafkaNames.Stores.GLOBAL_VIEWS.values());
    }

    /** The partition count of each global view's topic, as described at start; empty if Kafka did not answer. */
    public Map<String, Integer> viewPartitions() {
        return viewPartitions;
    }
}
