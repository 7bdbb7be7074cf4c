package io.harmony.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * JSON Schemas (draft 7) of Strimzi's custom resources, converted from the {@code openAPIV3Schema} of Strimzi's own
 * CustomResourceDefinitions: {@code crds/v1/*.yaml} in io.strimzi:api's test jar, the CRDs of the
 * {@code kafka.strimzi.io/v1} API that the operator installs. Strict as the API server's field validation is for a
 * structural schema: a property the CRD does not declare is an error, unless the CRD preserves unknown fields there.
 * The metadata is checked against Kubernetes' ObjectMeta.
 */
final class StrimziSchemas {
    private static final String CRDS = "crds/v1/";

    private final ObjectMapper json = new ObjectMapper();
    /** Converted schemas by "group/version/Kind". */
    private final Map<String, ObjectNode> schemas = new HashMap<>();

    StrimziSchemas(KubernetesSchemas kubernetes) {
        URL directory = StrimziSchemas.class.getClassLoader().getResource(CRDS);
        if (directory == null) {
            throw new IllegalStateException(CRDS + " is not on the test classpath (io.strimzi:api:tests in src/conductor/pom.xml)");
        }
        YAMLMapper yaml = new YAMLMapper();
        try {
            JarURLConnection connection = (JarURLConnection) directory.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (entry.getName().startsWith(CRDS) && entry.getName().endsWith(".yaml")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            add(yaml.readTree(in), kubernetes);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of {@code apiVersion}/{@code kind}, or empty when no Strimzi CRD declares it. */
    Optional<JsonNode> schemaOf(String apiVersion, String kind) {
        return Optional.ofNullable(schemas.get(apiVersion + "/" + kind));
    }

    /** How many kinds the CRDs declared: the test checks it found some, so an empty jar cannot pass silently. */
    int size() {
        return schemas.size();
    }

    private void add(JsonNode crd, KubernetesSchemas kubernetes) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            JsonNode openApi = version.path("schema").path("openAPIV3Schema");
            if (!version.path("served").asBoolean() || openApi.isMissingNode()) {
                continue;
            }
            ObjectNode root = json.createObjectNode();
            root.put("$schema", "http://json-schema.org/draft-07/schema#");
            ObjectNode typeMeta = json.createObjectNode();
            ObjectNode properties = typeMeta.putObject("properties");
            properties.putObject("apiVersion").put("const", group + "/" + version.path("name").asText());
            properties.putObject("kind").put("const", kind);
            properties.putObject("metadata").put("$ref", KubernetesSchemas.objectMetaRef());
            typeMeta.putArray("required").add("apiVersion").add("kind").add("metadata");
            root.putArray("allOf").add(convert(openApi)).add(typeMeta);
            root.set("definitions", kubernetes.objectMetaDefinitions());
            schemas.put(group + "/" + version.path("name").asText() + "/" + kind, root);
        }
    }

    /** OpenAPI v3 (as Kubernetes uses it in CRDs) to draft 7: the few keywords that differ, recursively. */
    private JsonNode convert(JsonNode openApi) {
        if (!openApi.isObject()) {
            return openApi;
        }
        ObjectNode out = json.createObjectNode();
        boolean preserveUnknown = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = openApi.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "properties", "patternProperties" -> {
                    ObjectNode converted = out.putObject(key);
                    value.fields().forEachRemaining(p -> converted.set(p.getKey(), convert(p.getValue())));
                }
                case "items", "additionalProperties", "not" -> out.set(key, value.isObject() ? convert(value) : value);
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode converted = out.putArray(key);
                    value.forEach(v -> converted.add(convert(v)));
                }
                // Documentation, defaults applied by the server, CEL rules and other extensions do not constrain here.
                case "description", "default", "example", "nullable", "format" -> { }
                default -> {
                    if (!key.startsWith("x-kubernetes-")) {
                        out.set(key, value);
                    }
                }
            }
        }
        if (openApi.path("x-kubernetes-int-or-string").asBoolean(false)) {
            out.remove("type");
            out.putArray("type").add("integer").add("string");
        }
        if (openApi.path("nullable").asBoolean(false) && out.path("type").isTextual()) {
            String type = out.remove("type").asText();
            out.putArray("type").add(type).add("null");
        }
        if (out.has("properties") && !out.has("additionalProperties") && !preserveUnknown) {
            out.put("additionalProperties", false);
        }
        return out;
    }
}
