package io.harmony.orchestra;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.client.HarmonyClient;
import io.harmony.client.IncomingRequest;
import io.harmony.client.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/** sherlock-hub: an entity map that announces every new entity and answers searches over it. */
public final class SherlockHub extends Component {
    private static final System.Logger LOG = System.getLogger(SherlockHub.class.getName());
    /** The seed's Pattern 1: every new entity is broadcast under this event type. */
    static final String ENTITY_CREATED = "entity-created";

    /** An entity of the map; relationships are the ids of related entities. */
    record Entity(String entityId, String entityType, String name, List<String> relationships) {
        /** Reads a POST /entities body (or an entity-create payload); entity_id may be absent. */
        static Entity parse(JsonNode body) {
            if (body == null || !body.isObject()) throw new BadInputException("the entity must be a JSON object", null);
            var relationships = new ArrayList<String>();
            JsonNode related = body.get("relationships");
            if (related != null && !related.isNull()) {
                if (!related.isArray()) throw new BadInputException("relationships must be an array of entity ids", "relationships");
                for (JsonNode id : related) {
                    if (!id.isTextual()) throw new BadInputException("relationships must hold entity ids (strings)", "relationships");
                    relationships.add(id.asText());
                }
            }
            return new Entity(text(body, "entity_id", false), text(body, "entity_type", true), text(body, "name", true),
                    List.copyOf(relationships));
        }

        Entity withId(String id) { return new Entity(id, entityType, name, relationships); }
    }

    private final Object lock = new Object();
    private final Map<String, Entity> entities = new LinkedHashMap<>();   // guarded by lock, in creation order
    private long lastGeneratedId;                                        // guarded by lock

    SherlockHub(Orchestra.Settings settings) {
        super("sherlock-hub", settings, "entity-mapping", "relationship-discovery", "search", "qa");
        route("POST", "/entities", call -> Reply.json(201, create(Entity.parse(call.json()))));
        route("GET", "/entities", call -> Reply.ok(Map.of("entities", entities())));
    }

    @Override
    protected void wire(HarmonyClient.Builder client) {
        client.onRequest("search", countedRequest(this::search));
        client.onMessage(countedMessage(this::receive));
    }

    @Override
    protected Map<String, Number> ownMetrics() {
        synchronized (lock) {
            return Map.of("entities_count", entities.size(),
                    "relationships_count", entities.values().stream().mapToInt(e -> e.relationships().size()).sum());
        }
    }

    List<Entity> entities() {
        synchronized (lock) {
            return List.copyOf(entities.values());
        }
    }

    /** Stores the entity (a given id replaces that entity) and broadcasts it. */
    Entity create(Entity entity) {
        Entity stored;
        synchronized (lock) {
            String id = entity.entityId();
            while (id == null || id.isBlank()) {   // skip ids a caller already chose
                String candidate = "entity-" + (++lastGeneratedId);
                if (!entities.containsKey(candidate)) id = candidate;
            }
            stored = entity.withId(id);
            entities.put(id, stored);
        }
        try {
            client().broadcast(ENTITY_CREATED, JSON.valueToTree(stored));
        } catch (RuntimeException e) {
            // The entity is in the map either way; a lost announcement is an error to count, not a failed create.
            countError();
            LOG.log(WARNING, "sherlock-hub: broadcast of " + stored.entityId() + " failed: " + e.getMessage());
        }
        return stored;
    }

    private JsonNode search(IncomingRequest request) {
        String query = text(request.payload(), "query", false);
        if (query == null) throw new BadInputException("payload.query (a string) is required", "query");
        return JSON.valueToTree(Map.of("results", matching(entities(), query)));
    }

    /** Entities whose name or type contains the query, ignoring case. */
    static List<Entity> matching(Collection<Entity> entities, String query) {
        String needle = query.toLowerCase(Locale.ROOT);
        return entities.stream()
                .filter(e -> e.name().toLowerCase(Locale.ROOT).contains(needle)
                        || e.entityType().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
    }

    private void receive(Message message) {
        if (message.messageType().equals("entity-create")) {
            Entity entity = create(Entity.parse(message.payload()));
            LOG.log(INFO, "sherlock-hub: " + entity.entityId() + " created from a message of " + message.from());
        } else {
            LOG.log(INFO, "sherlock-hub: ignored message " + message.messageType() + " from " + message.from());
        }
    }
}
