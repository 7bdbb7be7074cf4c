package io.harmony.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Application;

/**
 * Starts what the configuration does not point at: a KRaft broker when no Kafka is given, a Redis server when no Redis
 * is given, each decided on its own. Called once per JVM, before Quarkus reads its configuration, by {@code HarmonyMain}
 * (run mode) and by the tests' global resource (test mode), and answers the config properties that point the app at them.
 */
public final class EmbeddedInfra {
    private static final Logger LOG = Logger.getLogger(EmbeddedInfra.class);
    // Strong references: JUL forgets levels of loggers nobody holds.
    private static final java.util.logging.Logger[] QUIET = {
            java.util.logging.Logger.getLogger("kafka"),
            java.util.logging.Logger.getLogger("org.apache.kafka"),
            java.util.logging.Logger.getLogger("state.change.logger"),
    };

    /**
     * What to start and where.
     *
     * @param kafka start an embedded broker (no kafka.bootstrap.servers given)
     * @param redis start an embedded Redis (no quarkus.redis.hosts given)
     * @param dataDir the data directory (run mode) or a temp dir (tests)
     * @param runMode default ports 9092/6379 when free and data kept; otherwise free ports and data deleted on exit
     */
    public record Plan(boolean kafka, boolean redis, Path dataDir, boolean runMode) {

        /** The plan for the given configuration sources: system properties first, then the environment. */
        public static Plan fromConfig(Map<String, String> systemProperties, Map<String, String> env) {
            boolean disabled = "false".equals(systemProperties.get("embedded.infra"));
            boolean kafkaGiven = isSet(systemProperties.get("kafka.bootstrap.servers")) || isSet(env.get("KAFKA_BOOTSTRAP_SERVERS"));
            boolean redisGiven = isSet(systemProperties.get("quarkus.redis.hosts")) || isSet(env.get("QUARKUS_REDIS_HOSTS"));
            String dir = systemProperties.getOrDefault("harmony.data-dir", env.getOrDefault("HARMONY_DATA_DIR", "./data"));
            return new Plan(!disabled && !kafkaGiven, !disabled && !redisGiven, Path.of(dir), true);
        }

        private static boolean isSet(String value) {
            return value != null && !value.isBlank();
        }
    }

    private static final CountDownLatch APP_STOPPED = new CountDownLatch(1);
    /** How long a stop waits for Quarkus before stopping the broker and Redis under it anyway. */
    private static final Duration APP_STOP_LIMIT = Duration.ofSeconds(60);
    private static EmbeddedInfra instance;

    private final Plan plan;
    private final Map<String, String> started = new LinkedHashMap<>();
    private final CompletableFuture<EmbeddedKafka> kafkaStarting = new CompletableFuture<>();
    private EmbeddedRedis redis;

    EmbeddedInfra(Plan plan) {
        this.plan = plan;
    }

    /**
     * Starts what the plan asks for, once per JVM, stopped by a JVM shutdown hook; answers the config properties
     * pointing at what it started.
     */
    public static synchronized Map<String, String> start(Plan plan) {
        if (instance == null) {
            EmbeddedInfra infra = launch(plan);
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "harmony-embedded-stop"));
            instance = infra;
        }
        return Map.copyOf(instance.started);
    }

    /** Starts a set of servers that the caller owns and closes; {@link #start} keeps one such set for the JVM. */
    public static EmbeddedInfra launch(Plan plan) {
        EmbeddedInfra infra = new EmbeddedInfra(plan);
        infra.startServers();
        return infra;
    }

    public Map<String, String> properties() {
        return Map.copyOf(started);
    }

    private void startServers() {
        for (java.util.logging.Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
        }
        try {
            Files.createDirectories(plan.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (plan.kafka()) {
            EmbeddedKafka.Listeners ports = EmbeddedKafka.ports(plan.runMode() ? 9092 : 0, plan.runMode() ? 9093 : 0);
            Path dir = plan.dataDir().resolve("kafka");
            if (plan.runMode()) {
                // The broker starts (3 s, 6 s after a kill -9 with its log recovery) while Redis and Quarkus start:
                // the address is known before it listens, and the conductor's first Kafka call waits for it (awaitKafka).
                Thread starter = new Thread(() -> {
                    try {
                        kafkaStarting.complete(EmbeddedKafka.startOn(dir, ports));
                    } catch (Throwable e) {
                        kafkaStarting.completeExceptionally(e);
                    }
                }, "harmony-kafka-start");
                starter.setDaemon(true);
                starter.start();
            } else {
                kafkaStarting.complete(EmbeddedKafka.startOn(dir, ports));
            }
            String bootstrap = ports.bootstrap();
            started.put("kafka.bootstrap.servers", bootstrap);
            started.put("quarkus.kafka-streams.bootstrap-servers", bootstrap);
            // Streams state beside its broker: a state dir that outlives its broker makes Streams restore garbage.
            started.put("kafka-streams.state.dir", plan.dataDir().resolve("streams").toAbsolutePath().toString());
        }
        if (plan.redis()) {
            redis = EmbeddedRedis.startUnhooked(plan.dataDir().resolve("redis"), plan.runMode() ? 6379 : 0, plan.runMode());
            started.put("quarkus.redis.hosts", redis.url());
        }
    }

    /**
     * Waits until the embedded broker (if this JVM started one) serves requests; fails when it could not start. The
     * conductor calls it before its first Kafka request, so no client backs off against a broker still starting.
     */
    public static void awaitKafka(Duration limit) {
        EmbeddedInfra infra;
        synchronized (EmbeddedInfra.class) {
            infra = instance;
        }
        if (infra == null || !infra.plan.kafka()) {
            return;
        }
        try {
            infra.kafkaStarting.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the embedded Kafka broker did not start", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the embedded Kafka broker did not start within " + limit, e);
        }
    }

    /** Lets the shutdown hook stop the broker only after Quarkus (and with it Kafka Streams) closed its clients. */
    public static void applicationStopped() {
        APP_STOPPED.countDown();
    }

    /**
     * Waits until Quarkus has stopped (its Kafka Streams client flushed and closed), or {@code limit}. A SIGTERM runs
     * this hook beside Quarkus' own, and {@code main} never returns to signal it: without this wait the broker went
     * first, and a loaded conductor's Streams client then blocked on it for minutes (measured: 365 s at 40,000
     * components). Bounded, so a Quarkus that never stops cannot hold the JVM.
     */
    private static void awaitApplicationStopped(Duration limit) {
        Application app = Application.currentApplication();
        if (app != null) {
            Thread waiter = new Thread(() -> {
                app.awaitShutdown();
                APP_STOPPED.countDown();
            }, "harmony-await-app-stop");
            waiter.setDaemon(true);
            waiter.start();
        }
        try {
            APP_STOPPED.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops what this instance started; in run mode first waits (bounded) for the application to close its clients. */
    public void close() {
        if (plan.runMode() && this == instance) {
            awaitApplicationStopped(APP_STOP_LIMIT);
        }
        if (redis != null) {
            redis.close();
        }
        EmbeddedKafka kafka = startedKafka();
        if (kafka != null) {
            Thread closer = new Thread(kafka::close, "harmony-kafka-stop");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(4000); // a controlled shutdown normally takes < 1 s; never hold the JVM past its budget
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!plan.runMode()) {
            deleteQuietly(plan.dataDir());
        }
    }

    /** The broker once it started; a start still under way is waited for (bounded), a failed one is null. */
    private EmbeddedKafka startedKafka() {
        if (!plan.kafka()) {
            return null;
        }
        try {
            return kafkaStarting.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
