package io.harmony.state;

import java.util.regex.Pattern;

import io.harmony.errors.InvalidInputException;
import io.harmony.redis.RedisKeys;

/** The API's state keys (CONTRACT.md): relative to {@code echo:}, 1–512 of {@code [A-Za-z0-9._:-]}, no {@code ..}. */
final class StateKeys {
    static final int MAX_LENGTH = 512;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]*");

    private StateKeys() {
    }

    /** The Redis key of an API key, or 400 naming what is wrong. */
    static String redisKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInputException("key", "key must not be empty");
        }
        check(key, "key");
        return RedisKeys.STATE_PREFIX + key;
    }

    /** A listing prefix: the same characters as a key, possibly empty (everything). */
    static String prefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        check(p, "prefix");
        return p;
    }

    /** The API key of a Redis key under {@code echo:}. */
    static String apiKey(String redisKey) {
        return redisKey.substring(RedisKeys.STATE_PREFIX.length());
    }

    private static void check(String key, String field) {
        if (key.length() > MAX_LENGTH) {
            throw new InvalidInputException(field, field + " is longer than " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(key).matches()) {
            throw new InvalidInputException(field, field + " may hold only letters, digits and . _ : -");
        }
        if (key.contains("..")) {
            throw new InvalidInputException(field, field + " must not contain '..'");
        }
    }
}
