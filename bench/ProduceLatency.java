import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Calibration for the heartbeat bench (not a test): how long a bare Kafka write takes on this machine, with no HTTP and
 * no Harmony code in the way. A plain KafkaProducer with the heartbeat producer's settings (acks=all, idempotent, no
 * linger) sends heartbeat-sized records at a fixed rate to its own topic and prints p50/p99 from send to
 * acknowledgement, once per round (the first rounds warm the client and the broker's JIT up).
 * usage: java -cp 'src/conductor/target/harmony-conductor-runner.jar' bench/ProduceLatency.java BOOTSTRAP RATE SECONDS ROUNDS
 */
public class ProduceLatency {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String topic = "bench.produce-latency";
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        } catch (Exception alreadyThere) {
            // a second run on the same data dir
        }
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "0");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        String value = "{\"component_id\":\"bench-1-001\",\"status\":\"healthy\",\"metrics\":{\"requests_total\":1,\"errors\":0}}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int round = 1; round <= rounds; round++) {
                int n = rate * seconds;
                AtomicLongArray latency = new AtomicLongArray(n);
                CountDownLatch acked = new CountDownLatch(n);
                long periodNs = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long due = start + i * periodNs;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    int slot = i;
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, "bench-" + (i % 1000), value), (m, e) -> {
                        latency.set(slot, System.nanoTime() - sent);
                        acked.countDown();
                    });
                }
                acked.await();
                long[] sorted = new long[n];
                for (int i = 0; i < n; i++) {
                    sorted[i] = latency.get(i);
                }
                java.util.Arrays.sort(sorted);
                System.out.printf("RESULT round=%d sent=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", round, n,
                        sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n - 1] / 1e6);
            }
        }
    }
}
