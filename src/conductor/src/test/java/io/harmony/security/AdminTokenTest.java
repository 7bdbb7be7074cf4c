package io.harmony.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin token without a container: configured, or generated once into the data directory (0600) and kept. */
class AdminTokenTest {
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(AdminToken.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                    : String.valueOf(record.getMessage()) + " " + List.of(record.getParameters() == null ? new Object[0] : record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    @Test
    void theFirstStartGeneratesAnOwnerOnlyFileLaterStartsReadItAndTheLogSaysWhereNeverWhat() throws Exception {
        Path dataDir = Files.createTempDirectory("harmony-admin-").resolve("data");
        Path file = dataDir.resolve(AdminToken.FILE).toAbsolutePath();

        AdminToken first = new AdminToken(true, Optional.empty(), dataDir);

        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertTrue(token.startsWith(TokenSecrets.PREFIX) && token.length() >= 40, "a 256-bit secret");
        assertTrue(first.matches(TokenSecrets.sha256(token)));
        assertFalse(first.matches(TokenSecrets.sha256(token + "x")));

        AdminToken second = new AdminToken(true, Optional.empty(), dataDir);
        assertTrue(second.matches(TokenSecrets.sha256(token)), "a restart keeps the generated token");
        assertEquals(token, Files.readString(file, StandardCharsets.UTF_8).trim());

        assertTrue(logged.stream().anyMatch(l -> l.contains(file.toString())), "the log names the file: " + logged);
        assertTrue(logged.stream().noneMatch(l -> l.contains(token)), "the log holds the token");
    }

    @Test
    void aConfiguredTokenIsUsedAndNoFileIsWritten() throws Exception {
        Path dataDir = Files.createTempDirectory("harmony-admin-");
        AdminToken configured = new AdminToken(true, Optional.of(" hmy_configured_secret "), dataDir);
        assertTrue(configured.matches(TokenSecrets.sha256("hmy_configured_secret")));
        assertFalse(Files.exists(dataDir.resolve(AdminToken.FILE)));
        assertTrue(logged.stream().noneMatch(l -> l.contains("hmy_configured_secret")));
    }

    @Test
    void withAuthOffNothingIsGeneratedAndNothingMatches() throws Exception {
        Path dataDir = Files.createTempDirectory("harmony-admin-");
        AdminToken off = new AdminToken(false, Optional.empty(), dataDir);
        assertFalse(Files.exists(dataDir.resolve(AdminToken.FILE)));
        assertFalse(off.matches(TokenSecrets.sha256("")));
    }
}
