package io.harmony.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The one test profile with auth on (each profile restarts Quarkus, so every auth test shares this one): a random
 * admin token, and the whole log of the run in a file, at DEBUG for Harmony's own classes, so a test can search it for
 * every secret the run handled. Values live in system properties because the profile and the tests may see different
 * copies of this class (Quarkus' class loaders), and all must agree on one token and one file.
 */
public class AuthOn implements QuarkusTestProfile {
    // Not under harmony.*: that prefix is the config mapping's, which refuses keys it does not declare.
    private static final String ADMIN_PROPERTY = "authtest.admin-token";
    private static final String LOG_PROPERTY = "authtest.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "harmony.auth.enabled", "true",
                "harmony.auth.admin-token", adminToken(),
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", log().toString(),
                "quarkus.log.category.\"io.harmony\".level", "DEBUG");
    }

    public static synchronized String adminToken() {
        String token = System.getProperty(ADMIN_PROPERTY);
        if (token == null) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            token = "hmy_test_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            System.setProperty(ADMIN_PROPERTY, token);
        }
        return token;
    }

    public static synchronized Path log() {
        String path = System.getProperty(LOG_PROPERTY);
        if (path == null) {
            try {
                path = Files.createTempFile("harmony-auth-test-", ".log").toAbsolutePath().toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(LOG_PROPERTY, path);
        }
        return Path.of(path);
    }

    /** Fails naming how many of {@code secrets} the run's log holds (never printing one). */
    public static void assertLogHoldsNone(Collection<String> secrets) {
        String text;
        try {
            text = Files.readString(log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.isEmpty()) {
            throw new AssertionError("the run's log " + log() + " is empty: the file handler did not write it");
        }
        long leaked = secrets.stream().filter(text::contains).count();
        if (leaked > 0) {
            throw new AssertionError(leaked + " of " + secrets.size() + " token secrets appear in the log " + log());
        }
    }
}
