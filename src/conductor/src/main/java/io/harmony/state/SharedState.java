package io.harmony.state;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.harmony.config.InvalidInputException;
import io.harmony.config.RedisCalls;
import io.harmony.config.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
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

    private final ReactiveRedisDataSource redis;

    SharedState(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<StateEntry> get(String key) {
        String redisKey = StateKeys.redisKey(key);
        return bounded(redis.execute("GET", redisKey), key).map(r -> {
            if (r == null) {
                throw new StateNotFoundException(key);
            }
            byte[] stored = r.toBytes();
            return new StateEntry(key, StateValues.fromStored(r.toString()), StateValues.version(stored));
        });
    }

    /**
     * Stores {@code value} (and publishes it on the channel named like the key), when {@code expected} holds: null
     * (always), a version, {@code *} (the key exists) or {@link #ABSENT}.
     */
    public Uni<StateEntry> put(String key, com.fasterxml.jackson.databind.JsonNode value, String expected) {
        String redisKey = StateKeys.redisKey(key);
        String stored = StateValues.toStored(value);
        return bounded(redis.execute("EVAL", PUT, "1", redisKey, stored, expected == null ? "" : expected), key)
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
        return bounded(redis.execute("EVAL", DELETE, "1", redisKey, expected == null ? "" : expected), key)
                .map(r -> {
                    checkOutcome(r, key, expected);
                    return null;
                });
    }

    /** The API keys under {@code prefix}, sorted, gathered with SCAN pages. */
    public Uni<List<String>> keys(String prefix) {
        String pattern = RedisKeys.STATE_PREFIX + StateKeys.prefix(prefix) + "*"; // the key alphabet has no glob characters
        return scan("0", pattern, new TreeSet<>()).map(ArrayList::new);
    }

    private Uni<TreeSet<String>> scan(String cursor, String pattern, TreeSet<String> found) {
        return bounded(redis.execute("SCAN", cursor, "MATCH", pattern, "COUNT", Integer.toString(SCAN_PAGE)), "prefix")
                .flatMap(r -> {
                    for (Response k : r.get(1)) {
                        found.add(StateKeys.apiKey(k.toString()));
                    }
                    String next = r.get(0).toString();
                    return "0".equals(next) ? Uni.createFrom().item(found) : scan(next, pattern, found);
                });
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
    private static Uni<Response> bounded(Uni<Response> call, String key) {
        return RedisCalls.bounded(call).onFailure(RedisCalls::isWrongType).transform(e -> wrongType(key, "value of another type"));
    }
}
