package io.harmony.orchestra;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.orchestra.MetricHistory.TimeRange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/** global-cortex: the last hour of every component's heartbeat metrics, read straight from Kafka; alert rules go to the conductor. */
public final class GlobalCortex extends Component {
    private static final System.Logger LOG = System.getLogger(GlobalCortex.class.getName());
    /** Value = the POST /heartbeat body, key = component_id, record time = LogAppendTime (the beat's time). */
    static final String HEARTBEATS = "harmony.heartbeats";
    /** The conductor keeps raw points an hour too; that much history is loaded at start. */
    private static final Duration WINDOW = Duration.ofHours(1);
    /** An hour of 0.5 s beats is 7,200 points: the bound only stops a runaway producer. */
    private static final int POINTS_PER_COMPONENT = 10_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final MetricHistory history = new MetricHistory(InstantSource.system(), WINDOW, POINTS_PER_COMPONENT);
    private final AtomicLong pointsTotal = new AtomicLong();
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread poller;

    GlobalCortex(Orchestra.Settings settings) {
        super("global-cortex", settings, "monitoring", "metrics-collection", "alerting");
        route("GET", "/metrics", call -> Reply.ok(Map.of("components", history.all(TimeRange.parse(call.query())))));
        route("GET", "/metrics/*", this::metricsOf);
        // The seed posts alert rules to :9002; the conductor evaluates them, so they are passed on as they are.
        route("POST", "/alerts/configure", call -> forward(call, client().conductor().resolve("/alerts/configure")));
    }

    @Override
    protected Map<String, Number> ownMetrics() {
        return Map.of("components_seen", history.componentsSeen(), "points_total", pointsTotal.get());
    }

    @Override
    protected void started() {
        var thread = new Thread(this::poll, "orchestra-global-cortex-heartbeats");
        thread.setDaemon(true);
        poller = thread;
        thread.start();
    }

    @Override
    protected void stopping() {
        stopping = true;
        var current = consumer;
        if (current != null) current.wakeup();   // a poll() in progress returns with WakeupException
        var thread = poller;
        if (thread == null) return;
        thread.interrupt();                      // the backoff sleeps
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Reply metricsOf(Call call) {
        String componentId = call.after("/metrics/");
        TimeRange range = TimeRange.parse(call.query());
        return history.of(componentId, range).map(Reply::ok)
                .orElseGet(() -> Reply.error(404, componentId + " has sent no heartbeat in the last hour", null));
    }

    /** The consumer thread: (re)connects with backoff until close(). */
    private void poll() {
        Duration backoff = Duration.ofMillis(200);
        while (!stopping) {
            try (var c = new KafkaConsumer<String, String>(consumerProperties())) {
                consumer = c;
                if (stopping) break;   // close() ran before it could see this consumer
                if (!assignFromLastHour(c)) break;
                backoff = Duration.ofMillis(200);
                while (!stopping) {
                    for (ConsumerRecord<String, String> record : c.poll(Duration.ofSeconds(1))) {
                        accept(record.key(), record.value(), record.timestamp());
                    }
                }
            } catch (WakeupException | InterruptException e) {
                break;
            } catch (KafkaException e) {
                LOG.log(WARNING, "global-cortex: reading " + HEARTBEATS + " failed, retrying in " + backoff.toMillis() + " ms: " + e);
                if (!pause(backoff)) break;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    /** No consumer group: every cortex reads all partitions, starting one window back. False when stopped meanwhile. */
    private boolean assignFromLastHour(KafkaConsumer<String, String> c) {
        List<TopicPartition> partitions;
        while ((partitions = c.partitionsFor(HEARTBEATS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList()).isEmpty()) {
            LOG.log(DEBUG, "global-cortex: waiting for topic " + HEARTBEATS);   // the conductor creates it
            if (stopping || !pause(Duration.ofSeconds(2))) return false;
        }
        c.assign(partitions);
        long since = System.currentTimeMillis() - WINDOW.toMillis();
        var offsets = c.offsetsForTimes(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> since)));
        for (TopicPartition partition : partitions) {
            var offset = offsets.get(partition);
            if (offset == null) c.seekToEnd(List.of(partition));   // nothing newer than the window start
            else c.seek(partition, offset.offset());
        }
        LOG.log(INFO, "global-cortex: reading " + partitions.size() + " partitions of " + HEARTBEATS + " from " + Instant.ofEpochMilli(since));
        return true;
    }

    void accept(String key, String value, long timestampMillis) {
        if (value == null) return;
        try {
            JsonNode beat = JSON.readTree(value);
            String componentId = key != null ? key : beat.path("component_id").asText(null);
            if (componentId == null) throw new IOException("no component_id");
            JsonNode metrics = beat.path("metrics");
            history.add(componentId, Instant.ofEpochMilli(timestampMillis), metrics.isObject() ? metrics : JSON.createObjectNode());
            pointsTotal.incrementAndGet();
        } catch (IOException e) {
            countError();
            LOG.log(DEBUG, "global-cortex: skipped a heartbeat record that is not a heartbeat: " + e.getMessage());
        }
    }

    private Properties consumerProperties() {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings().kafkaBootstrap());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "orchestra-global-cortex");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");         // no group: nothing to commit to
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");   // the conductor creates it, with LogAppendTime
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");     // partitionsFor must not block close for 60 s
        return props;
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
