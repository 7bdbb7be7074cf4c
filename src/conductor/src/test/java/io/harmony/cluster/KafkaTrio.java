package io.harmony.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * Three KRaft nodes (each broker and controller, a quorum of three) in this JVM on free loopback ports: a cluster as
 * users run one, small enough for CI. One node can be stopped and the other two keep a quorum and every partition.
 */
final class KafkaTrio implements AutoCloseable {
    private final List<KafkaRaftServer> nodes = new ArrayList<>();
    private final List<Integer> ports;
    private final boolean[] stopped = new boolean[3];

    KafkaTrio(Path dir) {
        ports = IntStream.range(0, 3).mapToObj(i -> ConductorProcess.freePort()).toList();
        List<Integer> controllerPorts = IntStream.range(0, 3).mapToObj(i -> ConductorProcess.freePort()).toList();
        String voters = IntStream.range(0, 3).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i)).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        for (int i = 0; i < 3; i++) {
            Path logDir = dir.resolve("node-" + (i + 1));
            try {
                Files.createDirectories(logDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Properties p = new Properties();
            p.setProperty("node.id", Integer.toString(i + 1));
            p.setProperty("process.roles", "broker,controller");
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + ports.get(i) + ",CONTROLLER://127.0.0.1:" + controllerPorts.get(i));
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.get(i));
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("controller.quorum.voters", voters);
            p.setProperty("log.dirs", logDir.toString());
            // The cluster's own topics replicated as in production, so the consumer groups survive a stopped node too.
            p.setProperty("offsets.topic.replication.factor", "3");
            p.setProperty("offsets.topic.num.partitions", "3");
            p.setProperty("transaction.state.log.replication.factor", "3");
            p.setProperty("transaction.state.log.min.isr", "2");
            // Stock defaults: a topic created without a replication factor gets one replica. The conductor must not
            // rely on them, which is what this cluster checks.
            p.setProperty("default.replication.factor", "1");
            p.setProperty("min.insync.replicas", "1");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            p.setProperty("auto.create.topics.enable", "false");
            p.setProperty("broker.heartbeat.interval.ms", "500");
            p.setProperty("broker.session.timeout.ms", "3000");
            // Stopping a node is a crash, not a hand-over: its partitions move when its session expires. (A controlled
            // shutdown also cannot finish once the quorum is gone, which made closing the last two nodes hang.)
            p.setProperty("controlled.shutdown.enable", "false");
            p.setProperty("num.network.threads", "1");
            p.setProperty("num.io.threads", "2");
            p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
            try {
                new Formatter().setClusterId(clusterId).setNodeId(i + 1).setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(logDir.toString()).addDirectory(logDir.toString())
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream())).run();
            } catch (Exception e) {
                throw new IllegalStateException("cannot format " + logDir, e);
            }
            nodes.add(new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM));
        }
        // Together: a node's start waits for a quorum, which needs two of them up.
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::startup)).toArray(CompletableFuture[]::new)).join();
    }

    String bootstrapServers() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** Shuts node {@code index} (0..2) down; the other two keep the quorum and take over its partitions' leadership. */
    void stop(int index) {
        stopped[index] = true;
        nodes.get(index).shutdown();
        nodes.get(index).awaitShutdown();
    }

    @Override
    public void close() {
        for (int i = 0; i < 3; i++) {
            if (!stopped[i]) {
                nodes.get(i).shutdown();
            }
        }
        for (int i = 0; i < 3; i++) {
            if (!stopped[i]) {
                nodes.get(i).awaitShutdown();
            }
        }
    }
}
