package io.harmony.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

/**
 * One packaged conductor ({@code target/harmony-conductor-runner.jar}) as a child process on a shared Kafka and Redis,
 * as a replica runs in production: started, killed with SIGKILL, restarted on the same port and data directory.
 */
final class ConductorProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("harmony.conductor.jar", "target/harmony-conductor-runner.jar"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Map<String, String> infra;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> settings;
    private Process process;
    /** Set by {@link #https}: the conductor also (or only) listens with TLS there, and health is asked over it. */
    private int sslPort;
    private HttpClient tlsClient;

    ConductorProcess(String name, Map<String, String> infra, Path root, Map<String, String> settings) {
        this.name = name;
        this.infra = infra;
        this.dataDir = root.resolve(name);
        this.port = freePort();
        this.settings = settings;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /**
     * Serves https on a free port of its own (QUARKUS_HTTP_SSL_PORT) with the certificate the settings name, and
     * checks health over it, trusting what {@code trust} trusts. Before {@link #start()}.
     */
    ConductorProcess https(SSLContext trust) {
        this.sslPort = freePort();
        this.tlsClient = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(1)).build();
        return this;
    }

    URI httpsUri() {
        return URI.create("https://127.0.0.1:" + sslPort);
    }

    /** Everything the process wrote to stdout and stderr, across its restarts. */
    Path log() {
        return dataDir.resolve("conductor.log");
    }

    /** Starts the process and waits until GET /health is 200, as a load balancer would. */
    ConductorProcess start() {
        try {
            Files.createDirectories(dataDir);
            List<String> command = new ArrayList<>(List.of("java", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", JAR.toAbsolutePath().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            Map<String, String> env = builder.environment();
            env.put("KAFKA_BOOTSTRAP_SERVERS", infra.get("kafka.bootstrap.servers"));
            env.put("QUARKUS_REDIS_HOSTS", infra.get("quarkus.redis.hosts"));
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("HARMONY_DATA_DIR", dataDir.toString());
            env.put("HARMONY_ADVERTISED_ADDRESS", "127.0.0.1:" + port);
            if (sslPort != 0) {
                env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(sslPort));
            }
            env.putAll(settings);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + dataDir.resolve("conductor.log"));
            }
            return healthy();
        });
        return this;
    }

    boolean healthy() {
        try {
            HttpClient client = tlsClient != null ? tlsClient : HTTP;
            URI base = tlsClient != null ? httpsUri() : uri();
            return client.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or deregistered. */
    void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
