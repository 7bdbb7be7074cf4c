package io.harmony.redis;

import jakarta.enterprise.inject.Produces;
import io.smallrye.health.api.AsyncHealthCheck;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.harmony.health.Checks;
import io.smallrye.health.api.HealthGroup;
import java.time.Duration;

import io.harmony.config.Endpoints;
import io.harmony.errors.DependencyUnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Bounds every Redis call an endpoint waits for: with Redis down, slow or refusing (LOADING, OOM, READONLY) the caller
 * gets 503 within quarkus.redis.timeout — CONTRACT.md's "503 within 2 s, never 500, never a hang". Only WRONGTYPE
 * passes through, because it is the caller's input (a key of another Redis type), not an outage.
 */
@Singleton
public class RedisCalls {
    private final Duration bound;
    private final ReactiveRedisDataSource redis;

    RedisCalls(Endpoints endpoints, ReactiveRedisDataSource redis) {
        this.bound = endpoints.redisTimeout();
        this.redis = redis;
    }

    /**
     * Redis answers a PING (shared state, queues and ids need it; heartbeats and registry reads do not). Its own health
     * group rather than readiness, so a Redis blip does not take every replica out of rotation; GET /health reports it.
     * No typed command group has PING.
     */
    @Produces
    @HealthGroup(Checks.REDIS)
    @Singleton
    AsyncHealthCheck readiness() {
        return () -> Checks.bounded(Checks.REDIS, redis.execute("PING"));
    }

    public <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem().after(bound)
                .failWith(() -> new DependencyUnavailableException("Redis did not answer within " + bound.toMillis() + " ms", null))
                .onFailure(e -> !(e instanceof DependencyUnavailableException) && !isWrongType(e))
                .transform(e -> new DependencyUnavailableException("Redis is unavailable: " + e.getMessage(), e));
    }

    /** SHA-1 hex, as Redis names a script for EVALSHA (and as shared state versions its values). */
    public static String sha1Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    public static boolean isWrongType(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE");
    }
}
