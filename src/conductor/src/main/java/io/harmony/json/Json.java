package io.harmony.json;

import java.time.Instant;

import io.harmony.config.HarmonyConfig;
import io.harmony.errors.InvalidInputException;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The one JSON configuration, used by REST (through Quarkus' mapper) and by every Kafka serde (explicitly), so a
 * record reads and writes the same on HTTP, on a topic and in a TopologyTestDriver test.
 */
@Singleton
public class Json implements ObjectMapperCustomizer {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    /** The shared mapper for code that runs without a container (serdes, topology tests). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A record as the JSON bytes a topic holds. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private final long maxBody;

    Json(HarmonyConfig config) {
        this.maxBody = config.http().maxBody();
    }

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
        // Counts the bytes of every request body, chunked ones included, which Content-Length alone cannot.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(maxBody).build());
    }

    /**
     * Refuses non-finite numbers anywhere in a free-form value (a payload, broadcast data, a reply): Jackson reads 1e400
     * as Infinity, which it would then write as invalid JSON, so the value could never be read back (CONTRACT.md: 400).
     */
    public static void requireFinite(Object value, String field) {
        if (value instanceof com.fasterxml.jackson.databind.JsonNode node) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw new InvalidInputException(field, field + " holds a non-finite number");
            }
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> requireFinite(e.getValue(), field + "." + e.getKey()));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    requireFinite(node.get(i), field + "[" + i + "]");
                }
            }
        } else if (value instanceof Number n && (value instanceof Double || value instanceof Float) && !Double.isFinite(n.doubleValue())) {
            throw new InvalidInputException(field, field + " holds a non-finite number");
        } else if (value instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> requireFinite(v, field + "." + k));
        } else if (value instanceof java.util.List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireFinite(list.get(i), field + "[" + i + "]");
            }
        }
    }

    /** True when {@code text} is exactly one JSON value; a streaming pass, no tree is built. */
    public static boolean isWellFormed(String text) {
        try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.getFactory().createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        // Registered after JavaTimeModule, so it is asked first when reading or writing an Instant.
        mapper.registerModule(new SimpleModule("harmony-instants").addDeserializer(Instant.class, new Instants.Deserializer())
                .addSerializer(Instant.class, new Instants.Serializer()));
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        // CONTRACT.md, Errors: ill-typed is strict. Jackson coerces scalars silently by default ("component": 12345
        // becomes "12345", "port": "80" becomes 80, 8.5 becomes 8); every such case must be a 400.
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Array, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Object, CoercionAction.Fail);
        for (LogicalType number : new LogicalType[] { LogicalType.Integer, LogicalType.Float }) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
