package io.harmony;

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

import io.harmony.embedded.EmbeddedInfra;
import io.quarkus.runtime.Quarkus;
import org.jboss.logging.Logger;

/**
 * The build's class-data-sharing training run ({@code -Dharmony.training-run=true}, run by the conductor's pom under
 * {@code -XX:ArchiveClassesAtExit}): the conductor starts as it always does, on its own embedded Kafka and Redis, free
 * ports and a throw-away data dir, answers a few reads, and exits, so the JVM archives every class a start loads —
 * the broker's, Streams', Quarkus' and ours — where Quarkus' own AppCDS stops before any of them start. A run with
 * {@code -XX:SharedArchiveFile} maps them instead of parsing and verifying them again (Spring Boot's
 * {@code spring.context.exit=onRefresh} is the same idea).
 */
final class TrainingRun {
    private static final Logger LOG = Logger.getLogger(TrainingRun.class);
    /** A healthy conductor comes well within this even on a slow builder; past it the archive covers what loaded. */
    private static final Duration LIMIT = Duration.ofSeconds(180);

    private TrainingRun() {
    }

    /** Asked for by {@code -Dharmony.training-run=true}; read once and cleared, since Quarkus rejects unknown harmony.* keys. */
    static boolean requested() {
        return Boolean.parseBoolean(System.clearProperty("harmony.training-run"));
    }

    /**
     * The embedded servers on free ports in a temporary data dir (deleted when they stop), whatever Kafka or Redis the
     * environment names: a build must never write topics into someone's cluster. Then HTTP ports nobody uses.
     */
    static EmbeddedInfra.Plan plan() {
        try {
            Path dir = Files.createTempDirectory("harmony-training-");
            System.setProperty("harmony.data-dir", dir.toString());
            try (ServerSocket http = new ServerSocket(0); ServerSocket https = new ServerSocket(0)) {
                System.setProperty("quarkus.http.port", Integer.toString(http.getLocalPort()));
                // A builder whose environment configures TLS (QUARKUS_HTTP_*) still gets plain http to poll /health.
                System.setProperty("quarkus.http.ssl-port", Integer.toString(https.getLocalPort()));
                System.setProperty("quarkus.http.insecure-requests", "enabled");
            }
            return new EmbeddedInfra.Plan(true, true, dir, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for GET /health 200, reads what a user reads first, then asks Quarkus to exit (the JVM archives on exit). */
    static void exitWhenServing() {
        Thread t = new Thread(() -> {
            String base = "http://127.0.0.1:" + System.getProperty("quarkus.http.port");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + LIMIT.toNanos();
            boolean healthy = false;
            while (!healthy && System.nanoTime() - deadline < 0) {
                healthy = status(http, base + "/health") == 200;
                if (!healthy) {
                    pause();
                }
            }
            if (healthy) {
                status(http, base + "/services");
                status(http, base + "/dashboard");
                LOG.info("training run: serving; exiting so the JVM writes its class archive");
            } else {
                LOG.warnf("training run: not healthy within %s; exiting with what loaded so far", LIMIT);
            }
            Quarkus.asyncExit(0);
        }, "harmony-training-run");
        t.setDaemon(true);
        t.start();
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // a poll interval, not a stand-in for a condition: the loop checks /health again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
