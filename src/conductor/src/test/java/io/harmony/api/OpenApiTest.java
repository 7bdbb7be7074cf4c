package io.harmony.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** Every endpoint the README shows is in the OpenAPI document, and Swagger UI is served. */
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

    @Test
    void swaggerUiLoads() {
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200);
    }
}
