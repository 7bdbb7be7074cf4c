package io.harmony.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped by codemonstur's embedded-redis) as a child process, with keyspace
 * notifications on. In run mode it appends to an AOF under the data dir and keeps {@code <data>/redis.pid}, so the next
 * start finds and stops a server orphaned by a kill -9 of the conductor: never two Redis servers on one data dir.
 */
public record EmbeddedRedis(RedisServer server, int port) implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedRedis.class);
    private static final String PID_FILE = "redis.pid";

    /**
     * Starts Redis on {@code preferredPort} when free (0 = any free port).
     *
     * @param dir where the pid file and, when {@code persistent}, the AOF live
     */
    public static EmbeddedRedis start(Path dir, int preferredPort, boolean persistent) {
        try {
            Files.createDirectories(dir);
            stopOrphan(dir.resolve(PID_FILE));
            int port = Ports.preferredOrFree(preferredPort);
            if (preferredPort > 0 && port != preferredPort) {
                LOG.warnf("*** Port %d is taken: the embedded Redis listens on 127.0.0.1:%d instead ***", preferredPort, port);
            }
            String absolute = dir.toAbsolutePath().toString();
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir \"" + absolute + "\"")
                    .setting("pidfile \"" + dir.resolve(PID_FILE).toAbsolutePath() + "\"")
                    .setting("save \"\"")
                    .setting("appendonly " + (persistent ? "yes" : "no"))
                    .setting("appendfsync everysec")
                    // The state watcher (a later issue) listens to keyspace events of echo:* keys.
                    .setting("notify-keyspace-events KEA")
                    .setting("maxmemory 256mb")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            LOG.infof("Embedded Redis listening on 127.0.0.1:%d, data in %s", port, absolute);
            return new EmbeddedRedis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Redis in " + dir, e);
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

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            LOG.warn("embedded Redis did not stop cleanly", e);
        }
    }
}
