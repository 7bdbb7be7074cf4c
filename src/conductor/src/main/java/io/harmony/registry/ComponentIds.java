package io.harmony.registry;

import jakarta.inject.Inject;
import java.util.List;
import io.harmony.redis.LuaScript;
import io.harmony.redis.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Singleton;

/**
 * Allocates {@code <component>-NNN} ids. Through Redis rather than a compacted topic: a Lua script makes
 * "same component + host + port → same id, else the next number" one atomic step for every replica, where a topic
 * would need a single writer or a compare-and-set that Kafka lacks. Redis keys live under {@code harmony:}.
 */
@Singleton
public class ComponentIds {

    // KEYS[1] hash endpoint -> number, KEYS[2] the component's counter; ARGV[1] endpoint, ARGV[2] highest number the
    // liveness view already knows (so an emptied or replaced Redis never hands out a number that is in use).
    private static final String ALLOCATE = """
            local known = redis.call('HGET', KEYS[1], ARGV[1])
            if known then return tonumber(known) end
            local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
            local floor = tonumber(ARGV[2])
            if seq < floor then seq = floor end
            seq = seq + 1
            redis.call('SET', KEYS[2], seq)
            redis.call('HSET', KEYS[1], ARGV[1], seq)
            return seq
            """;

    private static final LuaScript ALLOCATE_SCRIPT = new LuaScript(ALLOCATE);

    @Inject RedisDataSource redis;

    /** The id of this instance: the one it had before, or the component's next number. */
    public String allocate(String component, String host, int port, long highestKnown) {
        long number = ALLOCATE_SCRIPT.run(redis, List.of(RedisKeys.ids(component), RedisKeys.sequence(component)),
                List.of(host + ":" + port, Long.toString(highestKnown))).toLong();
        return format(component, number);
    }

    static String format(String component, long number) {
        return String.format("%s-%03d", component, number);
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
