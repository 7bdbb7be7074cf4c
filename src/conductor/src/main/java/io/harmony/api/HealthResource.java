package io.harmony.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jboss.resteasy.reactive.RestResponse;

import io.harmony.config.KafkaClients;
import io.harmony.liveness.LivenessQueries;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * GET /health: 200 only when Kafka and Redis answer and the liveness view is loaded and queryable; otherwise 503
 * naming what is DOWN. Each check is bounded, so the answer comes within 1 s.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private static final Duration CHECK_TIMEOUT = Duration.ofMillis(800);

    private final KafkaClients kafka;
    private final ReactiveRedisDataSource redis;
    private final LivenessQueries queries;

    HealthResource(KafkaClients kafka, ReactiveRedisDataSource redis, LivenessQueries queries) {
        this.kafka = kafka;
        this.redis = redis;
        this.queries = queries;
    }

    @GET
    public Uni<RestResponse<Map<String, Object>>> health() {
        Uni<String> kafkaUp = Uni.createFrom()
                .completionStage(() -> kafka.admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
                        .clusterId().toCompletionStage())
                .map(id -> "UP");
        Uni<String> redisUp = redis.execute("PING").map(r -> "UP");
        Uni<String> registryUp = Uni.createFrom().item(() -> queries.isReady() ? "UP" : "DOWN: liveness view not loaded (streams " + queries.streamsState() + ")");
        return Uni.combine().all().unis(bounded(kafkaUp), bounded(redisUp), bounded(registryUp)).asTuple().map(t -> {
            Map<String, Object> checks = new LinkedHashMap<>();
            checks.put("kafka", t.getItem1());
            checks.put("redis", t.getItem2());
            checks.put("registry", t.getItem3());
            boolean up = checks.values().stream().allMatch("UP"::equals);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("checks", checks);
            return RestResponse.ResponseBuilder.<Map<String, Object>>create(up ? 200 : 503).entity(body).build();
        });
    }

    private static Uni<String> bounded(Uni<String> check) {
        return check.ifNoItem().after(CHECK_TIMEOUT).recoverWithItem("DOWN: no answer within " + CHECK_TIMEOUT.toMillis() + " ms")
                .onFailure().recoverWithItem(e -> "DOWN: " + e.getMessage());
    }
}
