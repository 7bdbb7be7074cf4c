package io.harmony.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.jboss.logging.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A single-node KRaft broker (broker and controller in one) running inside the conductor's JVM. In-process rather than
 * a child JVM: it starts in ~3 s instead of ~6 s and adds no second 300 MB process to babysit (shared/RECIPE.md).
 */
public record EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

    /**
     * Formats {@code dir} if it is new (keeping the cluster id of an existing one, so a restart keeps its topics) and
     * starts the broker on {@code port} (0 = any free port); returns once it serves requests.
     */
    public static EmbeddedKafka start(Path dir, int preferredPort, int preferredControllerPort) {
        return startOn(dir, ports(preferredPort, preferredControllerPort));
    }

    /** Where a broker listens: clients on {@code broker}, its KRaft controller on {@code controller}. */
    record Listeners(int broker, int controller) {
        String bootstrap() {
            return "127.0.0.1:" + broker;
        }
    }

    /** The broker and controller ports: the preferred ones when free (0 = any free port). */
    static Listeners ports(int preferredPort, int preferredControllerPort) {
        int port = Ports.preferredOrFree(preferredPort);
        int controllerPort = Ports.preferredOrFree(preferredControllerPort);
        if (preferredPort > 0 && port != preferredPort) {
            LOG.warnf("*** Port %d is taken: the embedded Kafka broker listens on 127.0.0.1:%d instead ***", preferredPort, port);
        }
        return new Listeners(port, controllerPort);
    }

    /** Starts the broker on ports already chosen; returns once it serves requests. */
    static EmbeddedKafka startOn(Path dir, Listeners listeners) {
        int port = listeners.broker();
        int controllerPort = listeners.controller();
        Path logDir = dir.resolve("log");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("node.id", "1");
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("log.dirs", logDir.toString());
        // A single node: every internal topic has one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // No one to wait for: a Streams group or consumer group forms at once.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Harmony creates its topics with the right settings; a typo by a client must not create a stray topic.
        p.setProperty("auto.create.topics.enable", "false");
        // After a kill -9 the restarted broker can register only once its old registration's session expired: that
        // session is time the conductor waits at each restart (measured after a kill -9: 3 s took 6.5 s to a serving
        // broker, 1.5 s 5.1-5.9 s).
        // Shorter still would fence the broker (every partition without a leader for a moment) at a 1.5 s GC pause.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        p.setProperty("broker.session.timeout.ms", "1500");
        // One node is its own controller: no other broker watches the metadata log for liveness, so the controller need
        // not append a no-op record to it every 500 ms (KIP-835). Each one was a raft append, a metadata image and a
        // round of publishers on an idle conductor.
        p.setProperty("metadata.max.idle.interval.ms", "0");
        // Two cores: fewer threads than the server defaults.
        p.setProperty("num.network.threads", "1");
        p.setProperty("num.io.threads", "2");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        // A formatted dir keeps its cluster id and data; the formatter refuses a second id, so format only new dirs.
        if (!Files.exists(logDir.resolve("meta.properties"))) try {
            new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setIgnoreFormatted(true)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded Kafka log dir " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = listeners.bootstrap();
        LOG.infof("Embedded Kafka broker (KRaft) listening on %s, data in %s", bootstrap, dir.toAbsolutePath());
        return new EmbeddedKafka(server, bootstrap);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
