package io.harmony.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.harmony.config.HarmonyConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The admin token: harmony.auth.admin-token, or else one generated on the first start into
 * {@code <data-dir>/admin.token} (mode 0600) and read from there on later starts. Only its hash stays in memory; the
 * log says where the token is, never what it is. Replicas with their own data directories would each generate their
 * own, so several replicas share one through harmony.auth.admin-token.
 */
@Startup // the file is written (and its path logged) at start, not on the first request
@Singleton
public class AdminToken {
    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    /** The admin's token id, in Caller and in per-token limits; no issued token has this shape ({@code tok-…}). */
    public static final String ID = "admin";
    static final String FILE = "admin.token";

    private final byte[] hash;

    @Inject
    AdminToken(HarmonyConfig config) {
        this(config.auth().enabled(), config.auth().adminToken(), Path.of(config.dataDir()));
    }

    /** Explicit parts, for tests. */
    AdminToken(boolean enabled, Optional<String> configured, Path dataDir) {
        if (!enabled) {
            hash = null;
            return;
        }
        Optional<String> set = configured.map(String::trim).filter(t -> !t.isEmpty());
        if (set.isPresent()) {
            LOG.info("auth is on; the admin token is the one set in harmony.auth.admin-token");
            hash = TokenSecrets.sha256(set.get());
        } else {
            hash = TokenSecrets.sha256(readOrCreate(dataDir.resolve(FILE).toAbsolutePath()));
        }
    }

    /** Constant time: how much of a guess matched never shows in how long the answer took. */
    boolean matches(byte[] digest) {
        return hash != null && MessageDigest.isEqual(digest, hash);
    }

    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                String token = TokenSecrets.newSecret();
                try {
                    write(file, token);
                    LOG.infof("auth is on; generated the admin token into %s (mode 0600): send it as Authorization: Bearer", file);
                    return token;
                } catch (FileAlreadyExistsException raced) {
                    // another process of the same data directory wrote it first: use that one
                }
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new IllegalStateException(file + " is empty; delete it to have a new admin token generated");
            }
            warnIfReadableByOthers(file);
            LOG.infof("auth is on; the admin token is the one in %s", file);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin token file " + file, e);
        }
    }

    private static void write(Path file, String token) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            // Created with its mode: there is no moment when the file exists readable by others.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(true, true);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warnf("%s is readable by others than its owner; chmod 600 it", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
