package io.harmony.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.LivenessQueries;
import io.harmony.liveness.Status;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /dashboard: every component's status and latest metrics (JSON; the page at GET / is static, META-INF/resources). */
@Path("/")
public class DashboardResource {

    private final LivenessQueries queries;

    DashboardResource(LivenessQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("dashboard")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> dashboard() {
        Instant now = Instant.now();
        List<ComponentStatus> all = queries.all();
        List<Map<String, Object>> components = all.stream().map(c -> entry(c, now)).toList();
        String overall = all.isEmpty() ? "empty"
                : all.stream().allMatch(c -> c.status() == Status.HEALTHY) ? "healthy" : "degraded";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", now);
        body.put("overall_status", overall);
        body.put("components", components);
        return body;
    }

    private static Map<String, Object> entry(ComponentStatus c, Instant now) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("component_id", c.componentId());
        e.put("component", c.component());
        e.put("status", c.status().wire());
        e.put("uptime_seconds", Math.max(0, Duration.between(c.registeredAt(), now).toSeconds()));
        e.put("last_heartbeat", c.lastHeartbeat());
        e.put("requests_total", 0.0);
        e.put("errors", 0.0);
        if (c.metrics() != null) {
            e.putAll(c.metrics()); // the latest metrics, as the component reported them
        }
        return e;
    }
}
