package io.harmony.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.harmony.config.HarmonyConfig;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.harmony.errors.InvalidInputException;
import io.harmony.security.AccessControl;
import io.harmony.security.Caller;
import io.harmony.security.CallerLimits;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** POST /queue/send (one message or {"messages":[...]}) and GET /queue/receive. */
@Path("/queue")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {
    static final int MAX_BATCH = 1000;

    private final QueueService queue;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final int maxWait;
    private final Caller caller;
    private final AccessControl access;
    private final CallerLimits limits;

    QueueResource(QueueService queue, ObjectMapper mapper, Validator validator, HarmonyConfig config, Caller caller,
            AccessControl access, CallerLimits limits) {
        this.queue = queue;
        this.mapper = mapper;
        this.validator = validator;
        this.maxWait = config.queue().maxWait();
        this.caller = caller;
        this.access = access;
        this.limits = limits;
    }

    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = MessagesQueued.class, responseCode = "202") // the status is set in the body
    public Uni<RestResponse<MessagesQueued>> send(JsonNode body) {
        boolean batch = body != null && body.has("messages");
        List<SendMessage> messages = batch ? batch(body.get("messages")) : List.of(one(body, ""));
        limits.writeEach(messages.stream().map(SendMessage::from).toList());   // a batch costs one write per message
        return queue.send(messages).map(ids -> RestResponse.status(RestResponse.Status.ACCEPTED,
                batch ? MessagesQueued.batch(ids) : MessagesQueued.one(ids.get(0))));
    }

    /** The stored JSON of each message goes out as it is (a sealed payload decrypted): no re-writing of every payload. */
    @GET
    @Path("receive")
    @APIResponses // a body built by hand: its answer is all in META-INF/openapi.yaml
    public Uni<String> receive(@QueryParam("component") String component,
            @QueryParam("max") String max, @QueryParam("wait_seconds") String waitSeconds) {
        String recipient = QueryParams.component(component, "component");
        caller.requireComponent(recipient, "component"); // a component token receives only its own queue
        int n = QueryParams.clampedInt(max, "max", 1, 1000, 100);
        int wait = QueryParams.clampedInt(waitSeconds, "wait_seconds", 0, maxWait, 0);
        return queue.receive(recipient, n, Duration.ofSeconds(wait))
                .map(list -> "{\"messages\":[" + String.join(",", list) + "]}");
    }

    private List<SendMessage> batch(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty() || messages.size() > MAX_BATCH) {
            throw new InvalidInputException("messages", "messages must be an array of 1-" + MAX_BATCH + " messages");
        }
        List<SendMessage> result = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            result.add(one(messages.get(i), "messages[" + i + "]."));
        }
        return result;
    }

    /** Every message is checked before any is sent: a bad one in a batch sends none. */
    private SendMessage one(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(path.isEmpty() ? null : path.substring(0, path.length() - 1), "a JSON object is required");
        }
        SendMessage message;
        try {
            message = mapper.treeToValue(node, SendMessage.class);
        } catch (JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException jme && !jme.getPath().isEmpty()
                    ? jme.getPath().get(0).getFieldName() : null;
            throw new InvalidInputException(field == null ? null : path + field, e.getOriginalMessage());
        }
        Set<ConstraintViolation<SendMessage>> violations = validator.validate(message);
        if (!violations.isEmpty()) {
            ConstraintViolation<SendMessage> v = violations.iterator().next();
            String field = path + new com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy()
                    .translate(v.getPropertyPath().toString());
            throw new InvalidInputException(field, field + " " + v.getMessage());
        }
        io.harmony.json.Json.requireFinite(message.payload(), path + "payload");
        caller.requireComponent(message.from(), path + "from");
        access.requireWrite(message.from(), message.to(), path + "to");
        return message;
    }
}
