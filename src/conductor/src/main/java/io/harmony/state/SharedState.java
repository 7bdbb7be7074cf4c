package io.harmony.state;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.harmony.errors.InvalidInputException;
import io.harmony.redis.LuaScript;
import io.harmony.redis.RedisCalls;
import io.harmony.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;

/**
 * The components' shared state in Redis under {@code echo:}. Conditional writes compare versions inside Redis (Lua),
 * never read-then-write in Java, so two writers with the same If-Match cannot both win. Every call is bounded: with
 * Redis down the API answers 503 within 2 s (CONTRACT.md), never 500 and never a hang.
 */
@Singleton
public class SharedState {
    /** Keys asked of Redis per SCAN call: a listing of more keys takes several calls, never one KEYS. */
    static final int SCAN_PAGE = 500;

    /** If-None-Match: * — the key must not exist. */
    static final String ABSENT = "!";

    // KEYS[1] key; ARGV[1] value; ARGV[2] expectation: '' none, '*' exists, '!' absent, else the version to match.
    private static final String PUT = """
            local exp = ARGV[2]
            if exp ~= '' then
              local t = redis.call('TYPE', KEYS[1])['ok']
              if exp == '!' then
                if t ~= 'none' then return {0, 'exists'} end
              elseif t == 'none' then return {0, 'absent'}
              elseif t ~= 'string' then return {0, t}
              elseif exp ~= '*' and redis.sha1hex(redis.call('GET', KEYS[1])) ~= exp then return {0, 'stale'}
              end
            end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('PUBLISH', KEYS[1], ARGV[1])
            return {1, redis.sha1hex(ARGV[1])}
            """;

    // KEYS[1] key; ARGV[1] expectation: '' none, '*' exists, else the version to match.
    private static final String DELETE = """
            local exp = ARGV[1]
            if exp ~= '' then
              local t = redis.call('TYPE', KEYS[1])['ok']
              if t == 'none' then return {0, 'absent'}
              elseif exp ~= '*' and t ~= 'string' then return {0, t}
              elseif exp ~= '*' and redis.sha1hex(redis.call('GET', KEYS[1])) ~= exp then return {0, 'stale'}
              end
            end
            return {1, redis.call('DEL', KEYS[1])}
            """;

    private static final LuaScript PUT_SCRIPT = new LuaScript(PUT);
    private static final LuaScript DELETE_SCRIPT = new LuaScript(DELETE);

    @Inject ReactiveRedisDataSource redis;
    @Inject RedisCalls calls;

    public Uni<StateEntry> get(String key) {
        // Bytes, not a String: the version is the SHA-1 of exactly what Redis holds, whoever wrote it.
        return bounded(redis.value(byte[].class).get(StateKeys.redisKey(key)), key).map(stored -> {
            if (stored == null) {
                throw new StateNotFoundException(key);
            }
            return new StateEntry(key, StateValues.fromStored(new String(stored, StandardCharsets.UTF_8)), StateValues.version(stored));
        });
    }

    /**
     * Stores {@code value} (and publishes it on the channel named like the key), when {@code expected} holds: null
     * (always), a version, {@code *} (the key exists) or {@link #ABSENT}.
     */
    public Uni<StateEntry> put(String key, com.fasterxml.jackson.databind.JsonNode value, String expected) {
        String redisKey = StateKeys.redisKey(key);
        String stored = StateValues.toStored(value);
        return bounded(PUT_SCRIPT.run(redis, List.of(redisKey), List.of(stored, expected == null ? "" : expected)), key)
                .map(r -> {
                    checkOutcome(r, key, expected);
                    return new StateEntry(key, StateValues.fromStored(stored), r.get(1).toString());
                });
    }

    /** Deletes the key when {@code expected} holds (null, a version or {@code *}); deleting an absent key is a no-op. */
    public Uni<Void> delete(String key, String expected) {
        String redisKey = StateKeys.redisKey(key);
        if (ABSENT.equals(expected)) {
            throw new InvalidInputException("If-None-Match", "If-None-Match applies to PUT only");
        }
        return bounded(DELETE_SCRIPT.run(redis, List.of(redisKey), List.of(expected == null ? "" : expected)), key)
                .map(r -> {
                    checkOutcome(r, key, expected);
                    return null;
                });
    }

    /** The API keys under {@code prefix}, sorted, gathered with SCAN pages. */
    public Uni<List<String>> keys(String prefix) {
        String pattern = RedisKeys.STATE_PREFIX + StateKeys.prefix(prefix) + "*"; // the key alphabet has no glob characters
        return bounded(redis.key().scan(new KeyScanArgs().match(pattern).count(SCAN_PAGE)).toMulti().collect().asList(), "prefix")
                .map(found -> new ArrayList<>(found.stream().map(StateKeys::apiKey).collect(Collectors.toCollection(TreeSet::new))));
    }

    private static void checkOutcome(Response r, String key, String expected) {
        if (r.get(0).toInteger() == 1) {
            return;
        }
        String why = r.get(1).toString();
        throw switch (why) {
            case "exists" -> new StateConflictException("If-None-Match", "state under key " + key + " already exists");
            case "absent" -> new StateConflictException("If-Match", "no state under key " + key + " to match " + expected);
            case "stale" -> new StateConflictException("If-Match", "state under key " + key + " is no longer at version " + expected);
            default -> wrongType(key, why);
        };
    }

    private static StateConflictException wrongType(String key, String type) {
        return new StateConflictException("key", RedisKeys.STATE_PREFIX + key + " holds a Redis " + type + ", not a string value");
    }

    /** Redis down or slow → 503 (RedisCalls); a key holding another Redis type → 409. */
    private <T> Uni<T> bounded(Uni<T> call, String key) {
        return calls.bounded(call).onFailure(RedisCalls::isWrongType).transform(e -> wrongType(key, "value of another type"));
    }
}
