package io.harmony.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server (the binary shipped by codemonstur's embedded-redis) as a child process, with keyspace
 * notifications on. In run mode it appends to an AOF under the data dir and keeps {@code <data>/redis.pid}, so the next
 * start finds and stops a server orphaned by a kill -9 of the conductor: never two Redis servers on one data dir. Its
 * output goes to {@code redis.log} there, the previous run's to {@code redis.log.1}.
 * <p>
 * The library provides the binary; the process is ours. Its {@code RedisServer} registers a JVM shutdown hook of its
 * own that stops Redis the moment a SIGTERM arrives, beside Quarkus' shutdown rather than after it, and (as we had
 * configured it) with a SIGKILL: every stop of the conductor lost Redis ~0.8 s before Streams and the subscribers
 * closed (three "subscription lost" warnings per stop). {@link EmbeddedInfra} now stops it after the application,
 * with a SIGTERM, so Redis flushes its AOF and exits on its own terms.
 */
public record EmbeddedRedis(Process process, int port, Path dir) implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedRedis.class);
    private static final String PID_FILE = "redis.pid";
    private static final String LOG_FILE = "redis.log";
    private static final long READY_LIMIT_MS = 20_000;
    private static final long STOP_LIMIT_MS = 5_000;

    /**
     * Starts Redis on {@code preferredPort} when free (0 = any free port), stopped when the JVM exits (for callers
     * with no stop order of their own: tests).
     *
     * @param dir where the pid file, the log and, when {@code persistent}, the AOF live
     */
    public static EmbeddedRedis start(Path dir, int preferredPort, boolean persistent) {
        EmbeddedRedis redis = startUnhooked(dir, preferredPort, persistent);
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "harmony-redis-stop"));
        return redis;
    }

    /** As {@link #start}, without a shutdown hook: the caller stops it, in its own order ({@link EmbeddedInfra}). */
    static EmbeddedRedis startUnhooked(Path dir, int preferredPort, boolean persistent) {
        try {
            Files.createDirectories(dir);
            stopOrphan(dir.resolve(PID_FILE));
            rotateLog(dir);
            int port = Ports.preferredOrFree(preferredPort);
            if (preferredPort > 0 && port != preferredPort) {
                LOG.warnf("*** Port %d is taken: the embedded Redis listens on 127.0.0.1:%d instead ***", preferredPort, port);
            }
            Path absolute = dir.toAbsolutePath();
            Path config = absolute.resolve("redis.conf");
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir \"" + absolute + "\"",
                    "pidfile \"" + absolute.resolve(PID_FILE) + "\"",
                    "save \"\"",
                    "appendonly " + (persistent ? "yes" : "no"),
                    "appendfsync everysec",
                    // The state watcher (a later issue) listens to keyspace events of echo:* keys.
                    "notify-keyspace-events KEA",
                    "maxmemory 256mb") + "\n", StandardCharsets.US_ASCII);
            File binary = ExecutableProvider.newJarResourceProvider().get();
            Process process = new ProcessBuilder(binary.getAbsolutePath(), config.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(absolute.resolve(LOG_FILE).toFile())).start();
            EmbeddedRedis redis = new EmbeddedRedis(process, port, absolute);
            redis.awaitReady();
            LOG.infof("Embedded Redis listening on 127.0.0.1:%d, data in %s", port, absolute);
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Redis in " + dir, e);
        }
    }

    /**
     * Until the server answers PING with PONG: it listens before it has loaded its AOF and answers LOADING until then,
     * so an open port alone is not ready. Fails with the end of its log if it exits or takes too long.
     */
    private void awaitReady() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_LIMIT_MS);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > until) {
                close();
                throw new IllegalStateException("the embedded Redis did not start on 127.0.0.1:" + port
                        + (process.isAlive() ? " within " + READY_LIMIT_MS + " ms" : " (exit " + process.exitValue() + ")")
                        + "; the end of " + dir.resolve(LOG_FILE) + ":\n" + logTail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[64];
            int n = socket.getInputStream().read(answer);
            return n > 0 && new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * One log per run, the run before kept as {@code redis.log.1}: appended to by every start, the log grew for as long
     * as the data dir lived. After {@link #stopOrphan}, so an orphan's last lines stay with its own run.
     */
    static void rotateLog(Path dir) throws IOException {
        Path log = dir.resolve(LOG_FILE);
        if (Files.exists(log)) {
            Files.move(log, dir.resolve(LOG_FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(LOG_FILE), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A redis-server left running by a conductor killed with -9 still holds the port and the AOF: stop it first. */
    static void stopOrphan(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        Files.deleteIfExists(pidFile);
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        // The pid may have been reused by an unrelated process since: only a redis-server is ours to stop.
        if (handle.isEmpty() || !cmdline(pid).contains("redis-server")) {
            return;
        }
        LOG.warnf("Stopping redis-server %d left over from an earlier run", pid);
        long started = System.nanoTime();
        ProcessHandle process = handle.get();
        process.destroy(); // SIGTERM: redis flushes its AOF and exits
        if (!exited(process, 5000)) {
            process.destroyForcibly();
            if (!exited(process, 5000)) {
                throw new IllegalStateException("redis-server " + pid + " from an earlier run does not stop");
            }
        }
        LOG.infof("redis-server %d stopped in %d ms", pid, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Whether {@code process} (not our child) exited within {@code limitMs}. Polled every 10 ms: the JDK's onExit()
     * for a process that is not a child of this JVM notices an exit only ~300 ms late, every restart after a kill -9.
     * A zombie has exited (and closed its port and AOF), whether or not it was reaped yet.
     */
    private static boolean exited(ProcessHandle process, long limitMs) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (process.isAlive() && !zombie(process.pid())) {
            if (System.nanoTime() > until) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /**
     * An orphan that exited stays a zombie until its new parent reaps it, and isAlive() counts a zombie as alive: in a
     * container whose init reaps late that was ~1 s of every restart after a kill -9 (measured 1.4 s here).
     */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int afterName = stat.lastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) == 'Z';
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no /proc (not Linux) or already gone: isAlive() decides
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** SIGTERM, so Redis flushes its AOF and exits; a SIGKILL only if it has not within 5 s. Idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warnf("embedded Redis did not stop within %d ms of a SIGTERM: killing it", STOP_LIMIT_MS);
                process.destroyForcibly().waitFor(STOP_LIMIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
