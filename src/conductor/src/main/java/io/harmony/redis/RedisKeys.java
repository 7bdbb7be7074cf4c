package io.harmony.redis;

/**
 * Every Redis key and channel the conductor uses, in one place. They all live under {@code harmony:}; the components'
 * shared state lives under {@code echo:} and is never written by the conductor's own bookkeeping.
 */
public final class RedisKeys {
    private RedisKeys() {
    }

    /** Hash endpoint (host:port) → instance number of one component. */
    public static String ids(String component) {
        return "harmony:ids:" + component;
    }

    /** Last instance number handed out for one component. */
    public static String sequence(String component) {
        return "harmony:seq:" + component;
    }

    /** Prefix of the per-recipient message lists: {@code harmony:queue:<component>}. */
    public static final String QUEUE_PREFIX = "harmony:queue:";

    /** Prefix of the per-instance pending request lists: {@code harmony:requests:<component_id>}. */
    public static final String REQUESTS_PREFIX = "harmony:requests:";

    /** A pending request: its current target instance, expiring at the request's deadline. */
    public static String pendingRequest(String requestId) {
        return "harmony:request:" + requestId;
    }

    /** Hash partition → highest offset of {@code topic} appended to its lists. */
    public static String indexWatermarks(String topic) {
        return "harmony:index:" + topic;
    }

    /** Channel announcing "partition:watermark" after each append to the lists of {@code topic}. */
    public static String indexedChannel(String topic) {
        return "harmony:indexed:" + topic;
    }

    /** Channel announcing each key whose list of {@code topic} got items. */
    public static String arrivedChannel(String topic) {
        return "harmony:arrived:" + topic;
    }

    /** Prefix of the components' shared state (CONTRACT.md): {@code /state/global:state} is {@code echo:global:state}. */
    public static final String STATE_PREFIX = "echo:";

    /** Keyspace notifications of every shared-state key, in any database. */
    public static final String STATE_KEYSPACE_PATTERN = "__keyspace@*__:" + STATE_PREFIX + "*";

    /** Hash state key → version last announced on harmony.events: the replicas' claim that makes each change one event. */
    public static final String STATE_ANNOUNCED = "harmony:state:announced";
}
