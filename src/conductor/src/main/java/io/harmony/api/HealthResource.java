package io.harmony.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.harmony.health.Checks;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * GET /health in the contract's shape, {@code {"status", "checks": {"kafka", "redis", "registry"}}}: 200 only when all
 * three checks are UP, otherwise 503 naming what is DOWN. The checks are SmallRye health beans beside what they check;
 * each is bounded, so the answer comes within 1 s. Kafka and registry are @Readiness (/q/health/ready: what a replica
 * needs to serve heartbeats and reads), Redis is its own group (/q/health/group/redis): a Redis outage turns this
 * endpoint 503, as the contract says, without taking the replica out of a load balancer's rotation.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    /** The body of GET /health. */
    public record Health(String status, Map<String, String> checks) {
    }

    private final List<AsyncHealthCheck> checks;

    HealthResource(@Any Instance<AsyncHealthCheck> checks) {
        this.checks = checks.stream().toList();
    }

    @GET
    public Uni<RestResponse<Health>> health() {
        return Uni.join().all(checks.stream().map(AsyncHealthCheck::call).toList()).andCollectFailures().map(responses -> {
            Map<String, String> byName = new LinkedHashMap<>();
            Checks.CONTRACT.forEach(name -> byName.put(name, "DOWN: no such check"));
            for (HealthCheckResponse r : responses) {
                if (byName.containsKey(r.getName())) { // the contract's three; any other check is /q/health's
                    byName.put(r.getName(), r.getStatus() == HealthCheckResponse.Status.UP ? "UP"
                            : "DOWN: " + r.getData().map(d -> d.get(Checks.REASON)).orElse("down"));
                }
            }
            boolean up = byName.values().stream().allMatch("UP"::equals);
            return RestResponse.ResponseBuilder.<Health>create(up ? 200 : 503).entity(new Health(up ? "UP" : "DOWN", byName)).build();
        });
    }
}
