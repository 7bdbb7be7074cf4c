package io.harmony.topology;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.jboss.logging.Logger;

import io.harmony.config.HarmonyConfig;
import io.harmony.liveness.RecoveryGate;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Kafka Streams' clients, as Streams makes them, except that the stream thread's main consumer batches its input under
 * load (Quarkus hands Streams a {@link KafkaClientSupplier} bean when there is one), and that the global consumer is
 * kept, to be woken when the conductor stops before Streams ever ran ({@link #onStop}).
 * <p>
 * Why: the main consumer fetches with {@code fetch.min.bytes} 1, so a beat reaches its task at once and a deadline
 * applies as soon as the input passes it (DeadlineSweeper). Under load that means one fetch per stream-thread loop, a
 * few records each: measured at 15-20k beats/s, the fetches doubled the broker's and tripled the stream thread's CPU per
 * beat (~95 against ~60 us of conductor CPU per beat). A larger {@code fetch.min.bytes} with a short
 * {@code fetch.max.wait.ms} batches just as well, but an idle consumer then asks the broker every few ms (idle CPU
 * 7.8 -> 17.6 % of a core with 10,000 registered). So the pacing is here instead, and only under load: a poll that
 * follows a poll which returned records waits until {@code window} has passed since that one, so the next fetch carries a
 * window's input; a poll after an empty one (quiet input) does not wait, and blocks in the consumer as before.
 */
@ApplicationScoped
public class StreamsClientSupplier implements KafkaClientSupplier {

    /** The one call paced; looked up once, as the proxy gets every call (getParameterTypes copies an array each time). */
    private static final Method POLL = pollMethod();

    private static final Logger LOG = Logger.getLogger(StreamsClientSupplier.class);

    private final KafkaClientSupplier clients = new DefaultKafkaClientSupplier();
    private final Duration window;
    private final RecoveryGate gate;
    private volatile Consumer<byte[], byte[]> globalConsumer;

    @Inject
    StreamsClientSupplier(HarmonyConfig config, RecoveryGate gate) {
        this(config.kafka().streamsBatchWindow(), gate);
    }

    StreamsClientSupplier(Duration window, RecoveryGate gate) {
        this.window = window;
        this.gate = gate;
    }

    /**
     * Before Quarkus closes Kafka Streams (its observer has the default priority, and waits without a bound): if Streams
     * never ran, its global thread may still be initializing against a broker that does not answer, and that
     * initialization heeds no shutdown. It retries for {@code task.timeout.ms} (5 minutes), and SIGTERM waited as
     * long (seen with the broker unreachable from the start). Woken, the consumer's blocking call throws and the thread
     * ends. Once Streams has run, nothing is woken: a normal close writes the global stores' checkpoints.
     */
    void onStop(@Observes @Priority(0) ShutdownEvent event) {
        Consumer<byte[], byte[]> global = globalConsumer;
        if (global != null && !gate.isOpen()) {
            LOG.info("Kafka Streams never ran: waking its global consumer, so that stopping does not wait for the broker");
            global.wakeup();
        }
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return clients.getAdmin(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return clients.getProducer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = clients.getConsumer(config);
        return window.isZero() ? consumer : paced(consumer, window);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return clients.getRestoreConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = clients.getGlobalConsumer(config);
        globalConsumer = consumer;
        return consumer;
    }

    /**
     * The consumer with its {@code poll(Duration)} paced; every other call goes straight through (a proxy: the Consumer
     * interface has some fifty methods, and Streams uses many of them).
     */
    @SuppressWarnings("unchecked")
    static Consumer<byte[], byte[]> paced(Consumer<byte[], byte[]> consumer, Duration window) {
        var pacing = new Pacing(window.toNanos());
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    if (POLL.equals(method)) {
                        return pacing.poll(consumer, (Duration) args[0]);
                    }
                    try {
                        return method.invoke(consumer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause(); // Streams catches the consumer's own exceptions (wakeup, invalid offsets, ...)
                    }
                });
    }

    private static Method pollMethod() {
        try {
            return Consumer.class.getMethod("poll", Duration.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("kafka-clients without Consumer.poll(Duration)", e);
        }
    }

    /** The stream thread's pacing state: only that thread polls its consumer. */
    static final class Pacing {
        private final long windowNanos;
        /** When the last poll that returned records returned; 0 after an empty poll. */
        private long lastRecordsAt;

        Pacing(long windowNanos) {
            this.windowNanos = windowNanos;
        }

        ConsumerRecords<byte[], byte[]> poll(Consumer<byte[], byte[]> consumer, Duration timeout) throws InterruptedException {
            long timeoutNanos = timeout.toNanos();
            if (lastRecordsAt != 0) {
                long wait = Math.min(lastRecordsAt + windowNanos - System.nanoTime(), timeoutNanos);
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // the input keeps arriving at the broker meanwhile: the next fetch takes it all
                    timeoutNanos -= wait;
                }
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofNanos(Math.max(0, timeoutNanos)));
            lastRecordsAt = records.isEmpty() ? 0 : System.nanoTime();
            return records;
        }
    }
}
