package io.harmony.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import io.harmony.kafka.KafkaNames.Stores;
import io.harmony.kafka.KafkaNames.Topics;

/**
 * Creates the topics the conductor needs, if missing, with the contract's settings and the cluster's replication:
 * {@code harmony.kafka.replication-factor} (default min(3, brokers)) and {@code min.insync.replicas} (default a majority
 * of the replicas), so an acknowledged write (acks=all) survives the loss of a broker. Streams' changelog topics are
 * created here too, ahead of Streams, because Streams would otherwise create them with its own replication.factor
 * (-1: the broker's default, 1 on a stock broker) and Quarkus gives no hook to compute that setting at start.
 */
public final class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /** Replicas and in-sync minimum for a cluster of {@code brokers}, where the configuration leaves them unset. */
    public record Replication(short factor, int minInsync) {
        public static Replication of(OptionalInt factor, OptionalInt minInsync, int brokers) {
            int rf = factor.orElse(Math.max(1, Math.min(3, brokers)));
            // A majority of the replicas, but 1 below three: with two replicas a minimum of two would stop every write
            // while either broker is down, which is worse than one broker's durability for that moment.
            int min = minInsync.orElse(rf < 3 ? 1 : rf / 2 + 1);
            if (min > rf) {
                throw new IllegalArgumentException("harmony.kafka.min-insync-replicas (" + min + ") exceeds the replication factor (" + rf + ")");
            }
            return new Replication((short) rf, min);
        }
    }

    /** The conductor's own topics and Streams' changelogs, {@code partitions} for the keyed ones. */
    public static List<NewTopic> plan(int partitions, Replication replication) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(topic(Topics.REGISTRATIONS, partitions, replication, compacted));
        // The record time is the beat's time: the broker's clock, whoever produced it.
        topics.add(topic(Topics.HEARTBEATS, partitions, replication, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(6 * 3600_000L))));
        topics.add(topic(Topics.STATUS, partitions, replication, compacted));
        topics.add(topic(Topics.MESSAGES, partitions, replication, Map.of()));
        topics.add(topic(Topics.EVENTS, 1, replication, Map.of())); // one partition: an SSE id is its offset
        topics.add(topic(Topics.REQUESTS, partitions, replication, Map.of()));
        topics.add(topic(Topics.REPLIES, partitions, replication, Map.of()));
        topics.add(topic(Topics.ALERTS, 1, replication, compacted));
        topics.add(topic(Topics.ALERT_STATES, 1, replication, compacted));
        topics.add(topic(Topics.COMMANDS, partitions, replication, compacted));
        topics.add(topic(Topics.TOKENS, 1, replication, compacted));
        topics.add(topic(Topics.ACCESS_CONTROL, 1, replication, compacted));
        // One changelog partition per task; every changelogged store's tasks read the keyed input topics.
        for (String store : Stores.CHANGELOGGED) {
            topics.add(topic(Stores.changelog(store), partitions, replication, compacted));
        }
        return topics;
    }

    private static NewTopic topic(String name, int partitions, Replication replication, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replication.minInsync()));
        return new NewTopic(name, partitions, replication.factor()).configs(all);
    }

    /** Creates what is missing on the cluster {@code admin} talks to; existing topics are left as they are. */
    public static Replication create(Admin admin, int partitions, OptionalInt factor, OptionalInt minInsync, String bootstrapServers) {
        Replication replication;
        try {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            replication = Replication.of(factor, minInsync, brokers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("cannot create topics: Kafka at %s does not describe its cluster (%s)", bootstrapServers, e.getMessage());
            return null;
        }
        List<NewTopic> topics = plan(partitions, replication);
        var result = admin.createTopics(topics);
        int created = 0;
        for (NewTopic topic : topics) {
            try {
                result.values().get(topic.name()).get(30, TimeUnit.SECONDS);
                created++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    LOG.errorf("cannot create topic %s: %s", topic.name(), e.getCause().getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return replication;
            } catch (TimeoutException e) {
                LOG.errorf("cannot create topic %s: Kafka at %s does not answer", topic.name(), bootstrapServers);
            }
        }
        if (created > 0) {
            LOG.infof("created %d topics with replication factor %d and min.insync.replicas %d", created, replication.factor(), replication.minInsync());
        }
        return replication;
    }

    /** The partition count of each of {@code topics} that the cluster describes within 10 s; the others are left out. */
    public static Map<String, Integer> partitionCounts(Admin admin, java.util.Collection<String> topics) {
        Map<String, Integer> counts = new HashMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((topic, description) -> {
            try {
                counts.put(topic, description.get(10, TimeUnit.SECONDS).partitions().size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("cannot describe topic %s: %s", topic, e.getMessage());
            }
        });
        return Map.copyOf(counts);
    }

    /** As {@link #create(Admin, int, OptionalInt, OptionalInt, String)} with the defaults: what tests set up. */
    public static Replication create(Admin admin, int partitions, String bootstrapServers) {
        return create(admin, partitions, OptionalInt.empty(), OptionalInt.empty(), bootstrapServers);
    }
}
