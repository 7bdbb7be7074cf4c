package io.harmony.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The embedded redis-server's own files under its data dir (a real server, a child process). */
class EmbeddedRedisTest {

    /** Redis starts every log line with its pid: "4711:M 08 Dec 2026 ...". */
    private static boolean logOf(Path file, long pid) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8).lines().anyMatch(l -> l.startsWith(pid + ":"));
    }

    @Test
    void eachRunWritesItsOwnLogAndKeepsOnlyThePreviousOne() throws Exception {
        Path dir = Files.createTempDirectory("redis-log-");
        Path log = dir.resolve("redis.log");
        Path previous = dir.resolve("redis.log.1");

        EmbeddedRedis first = EmbeddedRedis.startUnhooked(dir, 0, false);
        long firstPid = first.process().pid();
        first.close();
        assertTrue(logOf(log, firstPid), "the first run logs to redis.log");
        assertFalse(Files.exists(previous));

        // The second run is orphaned, as by a kill -9 of the conductor: the third start stops it, then rotates.
        EmbeddedRedis second = EmbeddedRedis.startUnhooked(dir, 0, false);
        long secondPid = second.process().pid();
        EmbeddedRedis third = EmbeddedRedis.startUnhooked(dir, 0, false);
        try {
            long thirdPid = third.process().pid();
            // stopOrphan returns once the orphan has exited; the JDK reaps its child a moment later
            assertTrue(second.process().waitFor(5, TimeUnit.SECONDS), "the orphan was stopped");
            assertTrue(logOf(log, thirdPid), "the running server logs to redis.log");
            assertFalse(logOf(log, secondPid) || logOf(log, firstPid), "and nothing of earlier runs is in it");
            assertTrue(logOf(previous, secondPid), "the orphan's run, to its last line, is redis.log.1");
            assertFalse(logOf(previous, firstPid), "older runs are gone");
            assertTrue(Files.readString(previous, StandardCharsets.UTF_8).contains("ready to exit"),
                    "the orphan's shutdown lines went with its own run");
        } finally {
            third.close();
            second.close();
        }
    }
}
