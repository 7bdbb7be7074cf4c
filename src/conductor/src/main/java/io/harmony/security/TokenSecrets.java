package io.harmony.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** How secrets are made and hashed: 256 random bits each, stored and compared only as their SHA-256. */
final class TokenSecrets {
    /** Marks a Harmony secret, so secret scanners and people recognise one that leaked. */
    static final String PREFIX = "hmy_";
    /** Longer than any secret we issue or an operator would choose: not hashed, just refused. */
    static final int MAX_LENGTH = 512;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    // One digest per thread: the auth filter hashes on every request, on whichever event loop serves it.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private TokenSecrets() {
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Not secret (it names the token in lists and URLs), but random so ids reveal nothing about each other. */
    static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "tok-" + HEX.formatHex(bytes);
    }

    static byte[] sha256(String secret) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The 32 bytes of a stored hash, or null when it is not 64 hex digits (a foreign or broken record). */
    static byte[] parseHash(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
