package io.harmony.registry;

import jakarta.inject.Inject;
import java.util.List;
import io.harmony.redis.LuaScript;
import io.harmony.redis.RedisCalls;
import io.harmony.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Allocates {@code <component>-NNN} ids. Through Redis rather than a compacted topic: a Lua script makes
 * "same component + host + port → same id, else the next number" one atomic step for every replica, where a topic
 * would need a single writer or a compare-and-set that Kafka lacks. Redis keys live under {@code harmony:}.
 * Non-blocking and bounded ({@link RedisCalls#bounded}): a register waits on the event loop, not on a worker thread
 * (64 blocked workers cost a storm more in thread hand-offs than the script itself).
 */
@Singleton
public class ComponentIds {

    // KEYS[1] hash endpoint -> number, KEYS[2] the component's counter; ARGV[1] endpoint, ARGV[2] a floor for the next
    // number (the highest the liveness view knows, when Redis forgot), ARGV[3] '1' to replace what the hash says.
    // Answers the number, negative when it was already the endpoint's (known), positive when newly allocated.
    private static final String ALLOCATE = """
            if ARGV[3] ~= '1' then
              local known = redis.call('HGET', KEYS[1], ARGV[1])
              if known then return -tonumber(known) end
            end
            local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
            local floor = tonumber(ARGV[2])
            if seq < floor then seq = floor end
            seq = seq + 1
            redis.call('SET', KEYS[2], seq)
            redis.call('HSET', KEYS[1], ARGV[1], seq)
            return seq
            """;

    private static final LuaScript ALLOCATE_SCRIPT = new LuaScript(ALLOCATE);

    @Inject ReactiveRedisDataSource redis;
    @Inject RedisCalls calls;

    /** An id, and whether Redis already had it for this endpoint (else it was just allocated). */
    record Allocation(String id, boolean known) {
    }

    /**
     * The id Redis has for this instance, or the component's next number above {@code floor}; {@code reassign}
     * allocates a new number even if Redis names one (it collided with another instance's id).
     */
    Uni<Allocation> allocate(String component, String host, int port, long floor, boolean reassign) {
        return calls.bounded(ALLOCATE_SCRIPT.run(redis, List.of(RedisKeys.ids(component), RedisKeys.sequence(component)),
                List.of(host + ":" + port, Long.toString(floor), reassign ? "1" : "0")))
                .map(answer -> new Allocation(format(component, Math.abs(answer.toLong())), answer.toLong() < 0));
    }

    /** Tells Redis the id the view knows for this instance (after Redis forgot it). */
    Uni<Void> remember(String component, String host, int port, String componentId) {
        return calls.bounded(redis.hash(String.class, String.class, Long.class)
                .hset(RedisKeys.ids(component), host + ":" + port, number(componentId))).replaceWithVoid();
    }

    /**
     * {@code <component>-NNN}, at least three digits. By hand, not {@code String.format("%s-%03d")}: the formatter
     * parsed its pattern on every register, 4 % of the event loop's CPU in a registration storm (async-profiler).
     */
    static String format(String component, long number) {
        String digits = Long.toString(number);
        StringBuilder id = new StringBuilder(component.length() + 1 + Math.max(3, digits.length())).append(component).append('-');
        for (int pad = digits.length(); pad < 3; pad++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    /**
     * The component of an instance id as this class makes them ({@code <component>-NNN}), by its shape alone: the
     * heartbeat path asks it for the rate limit's key, where a view lookup would deserialize a record per beat.
     */
    public static String componentOf(String componentId) {
        int dash = componentId.lastIndexOf('-');
        return dash > 0 ? componentId.substring(0, dash) : componentId;
    }

    /** The NNN of {@code <component>-NNN}, or 0 when the id has another shape. */
    static long number(String componentId) {
        int dash = componentId.lastIndexOf('-');
        try {
            return Long.parseLong(componentId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
