package io.harmony.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script run by its SHA (EVALSHA), so its text crosses the wire once per Redis rather than once per call; a Redis
 * that lost its script cache (a restart, SCRIPT FLUSH, a failover) answers NOSCRIPT and gets the text once more (EVAL).
 * The Quarkus client has no typed group for scripts, hence {@code execute}.
 */
public final class LuaScript {
    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        this.sha = RedisCalls.sha1Hex(source.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs on the calling thread (a background loop or a worker thread). */
    public Response run(RedisDataSource redis, List<String> keys, List<String> args) {
        try {
            return redis.execute("EVALSHA", command(sha, keys, args));
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            return redis.execute("EVAL", command(source, keys, args));
        }
    }

    /** Runs without blocking (an endpoint on the event loop). */
    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", command(sha, keys, args))
                .onFailure(LuaScript::isNoScript).recoverWithUni(() -> redis.execute("EVAL", command(source, keys, args)));
    }

    private static String[] command(String script, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(script);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    private static boolean isNoScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().contains("NOSCRIPT");
    }
}
