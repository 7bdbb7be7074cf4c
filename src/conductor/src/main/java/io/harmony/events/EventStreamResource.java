package io.harmony.events;

import io.harmony.config.HarmonyConfig;

import io.harmony.errors.InvalidInputException;
import io.harmony.security.CallerLimits;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;

/** GET /events/subscribe: every event on harmony.events matching the patterns, as SSE, resumable by id. */
@Path("/events/subscribe")
public class EventStreamResource {
    @Inject EventHub hub;
    @Inject HarmonyConfig config;
    @Inject CallerLimits limits;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponses // an event stream: its answer is all in META-INF/openapi.yaml
    public Multi<OutboundSseEvent> subscribe(@QueryParam("event_type") String eventType,
            @HeaderParam("Last-Event-ID") String lastEventIdHeader, @QueryParam("last_event_id") String lastEventIdParam,
            @Context Sse sse) {
        EventPattern pattern = EventPattern.parse(eventType);
        Long lastId = lastEventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        // Taken last, once nothing else can refuse the call; given back however the stream ends (client gone included).
        Runnable release = limits.openStream();
        // A Delivered without an event is the hub's keep-alive tick: an SSE comment line.
        return hub.subscribe(pattern, lastId, config.events().keepAlive()).map(d -> d.event() == null
                ? sse.newEventBuilder().comment("keep-alive").build()
                : sse.newEventBuilder().id(Long.toString(d.offset())).name(d.event().event())
                        .data(String.class, d.json()).build())
                .onTermination().invoke(release);
    }

    private static Long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id < -1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("last_event_id", "Last-Event-ID must be an event id (a non-negative integer)");
        }
    }
}
