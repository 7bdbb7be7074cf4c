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

/** GET /dashboard (JSON) and GET / (a plain page of the components and their status). */
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

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        StringBuilder rows = new StringBuilder();
        for (ComponentStatus c : queries.all()) {
            rows.append("<tr class=\"").append(c.status().wire()).append("\"><td>").append(escape(c.componentId()))
                    .append("</td><td>").append(escape(c.component())).append("</td><td>").append(c.status().wire())
                    .append("</td><td>").append(c.lastHeartbeat()).append("</td></tr>\n");
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Harmony conductor</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
                table{border-collapse:collapse}td,th{padding:.4rem .8rem;border-bottom:1px solid #ddd;text-align:left}
                tr.healthy td:nth-child(3){color:#1a7f37}tr.degraded td:nth-child(3){color:#b58900}
                tr.offline td:nth-child(3){color:#c62828}
                </style></head><body>
                <h1>Harmony conductor</h1>
                <table><thead><tr><th>Component id</th><th>Component</th><th>Status</th><th>Last heartbeat</th></tr></thead>
                <tbody>
                %s</tbody></table>
                <p><a href="/dashboard">/dashboard</a> · <a href="/services">/services</a> · <a href="/health">/health</a></p>
                </body></html>
                """.formatted(rows);
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
