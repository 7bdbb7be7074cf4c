package io.harmony.redis;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.harmony.health.Checks;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Redis answers a PING (shared state, queues and ids need it; heartbeats do not). PING has no typed command group. */
@Readiness
@ApplicationScoped
public class RedisReadiness implements AsyncHealthCheck {
    public static final String NAME = "redis";

    private final ReactiveRedisDataSource redis;

    RedisReadiness(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Checks.bounded(NAME, redis.execute("PING"));
    }
}
