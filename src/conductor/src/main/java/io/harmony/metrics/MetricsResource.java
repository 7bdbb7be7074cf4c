package io.harmony.metrics;

import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.harmony.errors.InvalidInputException;
import io.harmony.json.Instants;
import io.harmony.liveness.ComponentStatus;
import io.harmony.liveness.LivenessQueries;
import io.harmony.registry.UnknownComponentException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * GET /metrics/{component_id} and GET /metrics, with optional ISO-8601 {@code start} / {@code end} (default: the last
 * hour) and {@code resolution} (raw or 1m).
 */
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Blocking // store iteration and, on several replicas, a forwarded HTTP call
public class MetricsResource {
    @Inject MetricsQueries metrics;
    @Inject LivenessQueries liveness;

    @GET
    @Path("{component_id}")
    public MetricsSeries one(@PathParam("component_id") String componentId, @QueryParam("start") String start,
            @QueryParam("end") String end, @QueryParam("resolution") String resolution,
            @Parameter(hidden = true) @HeaderParam(MetricsQueries.FORWARDED) String forwarded,
            @Parameter(hidden = true) @HeaderParam("Authorization") String authorization) {
        Instant[] range = range(start, end);
        List<SeriesPoint> points = metrics.points(componentId, range[0], range[1], rollupsOnly(resolution), forwarded != null,
                authorization);
        if (points.isEmpty() && forwarded == null && liveness.find(componentId).isEmpty()) {
            throw new UnknownComponentException(componentId);
        }
        return new MetricsSeries(componentId, points);
    }

    @GET
    public MetricsSeriesList all(@QueryParam("start") String start, @QueryParam("end") String end,
            @QueryParam("resolution") String resolution, @Parameter(hidden = true) @HeaderParam("Authorization") String authorization) {
        Instant[] range = range(start, end);
        boolean rollups = rollupsOnly(resolution);
        List<MetricsSeries> components = new ArrayList<>();
        for (ComponentStatus c : liveness.all()) {
            components.add(new MetricsSeries(c.componentId(), metrics.points(c.componentId(), range[0], range[1], rollups, false, authorization)));
        }
        return new MetricsSeriesList(components);
    }

    /** {@code resolution=1m} asks for one-minute roll-ups over the whole range; {@code raw} or none for the default. */
    private static boolean rollupsOnly(String resolution) {
        if (resolution == null || resolution.isBlank() || resolution.equals("raw")) {
            return false;
        }
        if (resolution.equals("1m")) {
            return true;
        }
        throw new InvalidInputException("resolution", "resolution must be raw or 1m");
    }

    private static Instant[] range(String start, String end) {
        Instant e = end == null || end.isBlank() ? Instant.now() : parse(end, "end");
        Instant s = start == null || start.isBlank() ? e.minusSeconds(3600) : parse(start, "start");
        if (s.isAfter(e)) {
            throw new InvalidInputException("start", "start must not be after end");
        }
        return new Instant[] { s, e };
    }

    /** The one time parser (Z, an offset, or no zone = UTC, like heartbeats); anything else is the caller's 400. */
    private static Instant parse(String text, String field) {
        try {
            return Instants.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be an ISO-8601 time like 2026-11-27T13:45:00Z");
        }
    }
}
