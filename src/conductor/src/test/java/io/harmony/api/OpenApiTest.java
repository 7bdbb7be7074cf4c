package io.harmony.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Every endpoint the README shows is in the OpenAPI document, every operation documents its answers (status codes,
 * schemas, examples), and Swagger UI is served.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class OpenApiTest {
    /** A path of a curl in the README: what follows the conductor's address, up to a query, a quote or a space. */
    private static final Pattern README_PATH = Pattern.compile("localhost:8888(/[^\\s\"'\\\\)?…]*)");

    @Test
    void everyPathOfTheReadmeIsInTheOpenApiDocument() throws IOException {
        Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<Pattern> templates = paths.keySet().stream()
                .map(t -> Pattern.compile(t.replaceAll("\\{[^}]+}", "[^/]+"))).toList();

        Set<String> readme = new TreeSet<>();
        Matcher m = README_PATH.matcher(Files.readString(Path.of("../../README.md")));
        while (m.find()) {
            String path = m.group(1).replaceAll("[.,:;]+$", "");
            if (!path.equals("/") && !path.startsWith("/q/")) { // the page itself and Quarkus' own endpoints
                readme.add(path.replaceAll("<[^>]+>", "x"));
            }
        }
        assertTrue(readme.size() >= 20, "the README's API section names the endpoints: " + readme);
        Set<String> missing = new TreeSet<>();
        for (String path : readme) {
            if (templates.stream().noneMatch(t -> t.matcher(path).matches())) {
                missing.add(path);
            }
        }
        assertEquals(Set.of(), missing, "README paths missing from /q/openapi (documented: " + paths.keySet() + ")");
    }

    /** The one operation without a 4xx: it takes no input and needs no token (also with auth on); 200 or 503. */
    private static final Set<String> NO_CLIENT_ERROR = Set.of("GET /health");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /**
     * Each operation has a summary, a tag, at least one 2xx and one 4xx answer. A 2xx with a body has, for each media
     * type, a schema and an example; for JSON the example must be JSON (SmallRye keeps a string it cannot parse as a
     * string, so a broken example constant fails here). The event stream (text/event-stream) is held to the same rule
     * with a string schema, and its example must be SSE frames (id:, event:, data: lines). A 204 must have no body.
     * Every error answer (4xx, 5xx), usually a $ref to components/responses, must resolve and carry the one error
     * record, ApiError, with an example; only /health's 503 carries its own Health body instead.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDocumentsItsStatusCodesSchemasAndExamples() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        Map<String, Map<String, Object>> shared = doc.getMap("components.responses");
        assertTrue(doc.getMap("components.schemas").containsKey("ApiError"), "the error record is a schema of the document");
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var entry : path.getValue().entrySet()) {
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                operations++;
                String op = entry.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Object> operation = (Map<String, Object>) entry.getValue();
                if (operation.get("summary") == null || operation.get("tags") == null) {
                    problems.add(op + ": no summary or no tag");
                }
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                if (responses.keySet().stream().noneMatch(c -> c.startsWith("2"))) {
                    problems.add(op + ": no 2xx response");
                }
                if (!NO_CLIENT_ERROR.contains(op) && responses.keySet().stream().noneMatch(c -> c.startsWith("4"))) {
                    problems.add(op + ": no 4xx response");
                }
                for (var response : responses.entrySet()) {
                    String code = response.getKey();
                    Map<String, Object> answer = resolve(response.getValue(), shared);
                    if (answer == null) {
                        problems.add(op + " " + code + ": $ref " + response.getValue().get("$ref") + " is not in components.responses");
                    } else if (code.equals("204")) {
                        if (answer.get("content") != null) {
                            problems.add(op + " 204: has a body");
                        }
                    } else if (code.startsWith("2")) {
                        problems.addAll(successProblems(op + " " + code, (Map<String, Map<String, Object>>) answer.get("content")));
                    } else {
                        boolean ownBody = op.equals("GET /health") && code.equals("503");
                        problems.addAll(errorProblems(op + " " + code, (Map<String, Map<String, Object>>) answer.get("content"),
                                ownBody ? "Health" : "ApiError"));
                    }
                }
            }
        }
        assertTrue(operations >= 30, "the conductor's operations are in the document: " + operations);
        assertEquals(List.of(), problems, "operations whose answers are not documented");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> response, Map<String, Map<String, Object>> shared) {
        Object ref = response.get("$ref");
        return ref == null ? response : shared.get(ref.toString().substring("#/components/responses/".length()));
    }

    private static List<String> successProblems(String where, Map<String, Map<String, Object>> content) {
        if (content == null || content.isEmpty()) {
            return List.of(where + ": no body described");
        }
        List<String> problems = new ArrayList<>();
        content.forEach((mediaType, media) -> {
            if (media.get("schema") == null) {
                problems.add(where + " " + mediaType + ": no schema");
            }
            List<Object> examples = examples(media);
            if (examples.isEmpty()) {
                problems.add(where + " " + mediaType + ": no example");
            }
            for (Object example : examples) {
                if (mediaType.equals("application/json") && !(example instanceof Map || example instanceof List)) {
                    problems.add(where + ": the example is not JSON: " + example);
                }
                if (mediaType.equals("text/event-stream") && !(example instanceof String sse
                        && sse.matches("(?s)id:\\d+\nevent:[^\n]+\ndata:\\{.*\\}\n\n"))) {
                    problems.add(where + ": the example is not an SSE frame: " + example);
                }
            }
        });
        return problems;
    }

    private static List<String> errorProblems(String where, Map<String, Map<String, Object>> content, String schema) {
        Map<String, Object> json = content == null ? null : content.get("application/json");
        if (json == null) {
            return List.of(where + ": no application/json body");
        }
        List<String> problems = new ArrayList<>();
        Object ref = json.get("schema") instanceof Map<?, ?> s ? s.get("$ref") : null;
        if (!("#/components/schemas/" + schema).equals(ref)) {
            problems.add(where + ": schema is " + json.get("schema") + ", not " + schema);
        }
        List<Object> examples = examples(json);
        String field = schema.equals("ApiError") ? "error" : "status"; // the one field each body always has
        if (examples.isEmpty() || !examples.stream().allMatch(e -> e instanceof Map<?, ?> m && m.get(field) != null)) {
            problems.add(where + ": no example of the " + schema + " body: " + examples);
        }
        return problems;
    }

    /** The example of a media type, or the values of its named examples. */
    @SuppressWarnings("unchecked")
    private static List<Object> examples(Map<String, Object> media) {
        List<Object> all = new ArrayList<>();
        if (media.containsKey("example")) {
            all.add(media.get("example"));
        }
        if (media.get("examples") instanceof Map<?, ?> named) {
            named.values().forEach(e -> all.add(((Map<String, Object>) e).get("value")));
        }
        return all;
    }

    @Test
    void swaggerUiLoads() {
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200);
    }
}
