package io.harmony.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.annotations.SerializedName;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;

/**
 * JSON Schemas (draft 7) of the built-in Kubernetes kinds, read off the official Java client's models
 * (io.kubernetes:client-java-api), which are generated from the Kubernetes OpenAPI definitions: each model lists its
 * properties ({@code openapiFields}), its required ones ({@code openapiRequiredFields}) and types them by its fields.
 * The schemas are strict as {@code kubectl apply --validate=strict} is: a property the API does not define is an error.
 */
final class KubernetesSchemas {
    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    /** Groups whose kinds the client's models describe; a custom resource's group is never looked up here. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "policy", "autoscaling",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io");

    private final ObjectMapper json = new ObjectMapper();
    /** Every definition built so far, by model name; each root schema carries a copy of it. */
    private final ObjectNode definitions = json.createObjectNode();

    /** The schema of {@code apiVersion}/{@code kind}, or empty when it is no built-in kind. */
    Optional<JsonNode> schemaOf(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        if (!BUILT_IN_GROUPS.contains(group)) {
            return Optional.empty();
        }
        Class<?> model;
        try {
            model = Class.forName(MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        ObjectNode root = json.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        ObjectNode typeMeta = json.createObjectNode();
        typeMeta.putObject("properties").putObject("apiVersion").put("const", apiVersion);
        ((ObjectNode) typeMeta.get("properties")).putObject("kind").put("const", kind);
        typeMeta.putArray("required").add("apiVersion").add("kind");
        root.putArray("allOf").add(json.createObjectNode().put("$ref", ref(model))).add(typeMeta);
        root.set("definitions", definitions.deepCopy());
        return Optional.of(root);
    }

    /** A reference to {@code ObjectMeta}, with the definitions it needs, for a custom resource's metadata. */
    ObjectNode objectMetaDefinitions() {
        ref(io.kubernetes.client.openapi.models.V1ObjectMeta.class);
        return definitions.deepCopy();
    }

    static String objectMetaRef() {
        return "#/definitions/V1ObjectMeta";
    }

    private String ref(Class<?> model) {
        String name = model.getSimpleName();
        if (!definitions.has(name)) {
            ObjectNode definition = definitions.putObject(name); // before the properties: models refer to themselves
            definition.put("type", "object");
            ObjectNode properties = definition.putObject("properties");
            for (Field field : model.getDeclaredFields()) {
                SerializedName serialized = field.getAnnotation(SerializedName.class);
                if (serialized != null && !Modifier.isStatic(field.getModifiers())) {
                    properties.set(serialized.value(), typeOf(field.getGenericType(), model.getSimpleName() + "." + serialized.value()));
                }
            }
            Set<String> declared = new TreeSet<>();
            properties.fieldNames().forEachRemaining(declared::add);
            if (!declared.equals(new TreeSet<>(staticSet(model, "openapiFields")))) {
                throw new IllegalStateException(name + ": fields " + declared + " differ from openapiFields "
                        + staticSet(model, "openapiFields") + "; the client's model layout changed");
            }
            Set<String> required = new TreeSet<>(staticSet(model, "openapiRequiredFields"));
            if (!required.isEmpty()) {
                required.forEach(definition.putArray("required")::add);
            }
            definition.put("additionalProperties", false);
        }
        return "#/definitions/" + name;
    }

    private JsonNode typeOf(Type type, String where) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw) || Collection.class.equals(raw)) {
                ObjectNode array = json.createObjectNode().put("type", "array");
                array.set("items", typeOf(arguments[0], where));
                return array;
            }
            if (Map.class.isAssignableFrom(raw) && arguments[0] == String.class) {
                ObjectNode map = json.createObjectNode().put("type", "object");
                map.set("additionalProperties", typeOf(arguments[1], where));
                return map;
            }
        } else if (type instanceof Class<?> c) {
            if (c == String.class || c == OffsetDateTime.class || c == LocalDate.class || c == byte[].class) {
                return json.createObjectNode().put("type", "string");
            }
            if (c == Integer.class || c == Long.class || c == int.class || c == long.class) {
                return json.createObjectNode().put("type", "integer");
            }
            if (c == Double.class || c == Float.class || c == BigDecimal.class) {
                return json.createObjectNode().put("type", "number");
            }
            if (c == Boolean.class || c == boolean.class) {
                return json.createObjectNode().put("type", "boolean");
            }
            if (c == Object.class) {
                return json.createObjectNode(); // RawExtension-like: anything
            }
            if (c == IntOrString.class) {
                ObjectNode either = json.createObjectNode();
                either.putArray("type").add("integer").add("string");
                return either;
            }
            if (c == Quantity.class) { // "512Mi", "0.5", or a bare number
                ObjectNode quantity = json.createObjectNode();
                quantity.putArray("type").add("string").add("number");
                return quantity;
            }
            if (c.getName().startsWith(MODELS)) {
                return json.createObjectNode().put("$ref", ref(c));
            }
        }
        throw new IllegalStateException(where + ": no JSON Schema type for " + type.getTypeName());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> staticSet(Class<?> model, String name) {
        try {
            return (Set<String>) model.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model.getName() + " has no " + name + ": the client's model layout changed", e);
        }
    }
}
