package io.harmony.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every malformed body is a 4xx with the JSON error body, and nothing is registered. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class MalformedInputTest {

    /** Every case names this component, so "nothing changed" is: it is still not registered. */
    static final String NAME = "malformed-probe";

    static Stream<Arguments> badRegistrations() {
        String big = "{\"component\":\"" + NAME + "\",\"version\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"port\":80}";
        return Stream.of(
                Arguments.of("bad JSON", "application/json", "{\"component\": 42", 400),
                Arguments.of("not an object", "application/json", "[]", 400),
                Arguments.of("null body", "application/json", "null", 400),
                Arguments.of("component is a number", "application/json", "{\"component\":12345,\"version\":\"1\",\"port\":80}", 400),
                Arguments.of("port is a string", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":\"80\"}", 400),
                Arguments.of("port is fractional", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80.5}", 400),
                Arguments.of("port is negative", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":-1}", 400),
                Arguments.of("port is zero", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":0}", 400),
                Arguments.of("port is huge", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":99999999999}", 400),
                Arguments.of("port is above 65535", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":65536}", 400),
                Arguments.of("port is not finite", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":1e400}", 400),
                Arguments.of("port is missing", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\"}", 400),
                Arguments.of("component is missing", "application/json", "{\"version\":\"1\",\"port\":80}", 400),
                Arguments.of("component is empty", "application/json", "{\"component\":\"\",\"version\":\"1\",\"port\":80}", 400),
                Arguments.of("component has a space", "application/json", "{\"component\":\"" + NAME + " x\",\"version\":\"1\",\"port\":80}", 400),
                Arguments.of("capabilities are numbers", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80,\"capabilities\":[1,2]}", 400),
                Arguments.of("version is a boolean", "application/json", "{\"component\":\"" + NAME + "\",\"version\":true,\"port\":80}", 400),
                Arguments.of("health_check_url is not a URL", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80,\"health_check_url\":\"not a url\"}", 400),
                Arguments.of("health_check_url is a path", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80,\"health_check_url\":\"/health\"}", 400),
                Arguments.of("health_check_url is not http", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80,\"health_check_url\":\"ftp://h/health\"}", 400),
                Arguments.of("health_check_url has no host", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80,\"health_check_url\":\"http:///health\"}", 400),
                Arguments.of("metadata is nested", "application/json", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80,\"metadata\":{\"a\":{\"b\":1}}}", 400),
                Arguments.of("2 MiB body", "application/json", big, 413),
                Arguments.of("text/plain", "text/plain", "{\"component\":\"" + NAME + "\",\"version\":\"1\",\"port\":80}", 415));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void badRegistrationIsRefusedAndChangesNothing(String what, String contentType, String body, int status) {
        given().contentType(contentType).body(body).post("/register")
                .then().statusCode(status).body("error", notNullValue());
        given().queryParam("component", NAME).get("/services").then().statusCode(200).body("services", hasSize(0));
    }

    static Stream<Arguments> badHeartbeats() {
        return Stream.of(
                Arguments.of("bad JSON", "{\"component_id\":"),
                Arguments.of("id is a number", "{\"component_id\":5}"),
                Arguments.of("id is missing", "{\"status\":\"healthy\"}"),
                Arguments.of("unknown status", "{\"component_id\":\"x-001\",\"status\":\"sleepy\"}"),
                Arguments.of("bad timestamp", "{\"component_id\":\"x-001\",\"timestamp\":\"yesterday\"}"),
                Arguments.of("metric is a string", "{\"component_id\":\"x-001\",\"metrics\":{\"errors\":\"1\"}}"),
                Arguments.of("metric is not finite", "{\"component_id\":\"x-001\",\"metrics\":{\"errors\":1e400}}"),
                Arguments.of("metrics nested", "{\"component_id\":\"x-001\",\"metrics\":{\"a\":{\"b\":1}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeartbeats")
    void badHeartbeatIsA400(String what, String body) {
        given().contentType("application/json").body(body).post("/heartbeat")
                .then().statusCode(400).body("error", notNullValue());
    }

    /** The checks Heartbeat.requireValid makes by hand, each naming its field (none for a missing body). */
    static Stream<Arguments> invalidHeartbeats() {
        String manyMetrics = IntStream.rangeClosed(0, 256).mapToObj(i -> "\"m" + i + "\":1").collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("null body", "null", null),
                Arguments.of("id is missing", "{\"status\":\"healthy\"}", "component_id"),
                Arguments.of("id is empty", "{\"component_id\":\"\"}", "component_id"),
                Arguments.of("id is too long", "{\"component_id\":\"" + "x".repeat(129) + "\"}", "component_id"),
                Arguments.of("metric is null", "{\"component_id\":\"x-001\",\"metrics\":{\"errors\":null}}", "metrics.errors"),
                Arguments.of("metric name is empty", "{\"component_id\":\"x-001\",\"metrics\":{\"\":1}}", "metrics"),
                Arguments.of("metric name is too long", "{\"component_id\":\"x-001\",\"metrics\":{\"" + "m".repeat(129) + "\":1}}", "metrics"),
                Arguments.of("257 metrics", "{\"component_id\":\"x-001\",\"metrics\":{" + manyMetrics + "}}", "metrics"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeartbeats")
    void invalidHeartbeatNamesItsField(String what, String body, String field) {
        given().contentType("application/json").body(body).post("/heartbeat")
                .then().statusCode(400).body("error", notNullValue()).body("field", is(field));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("frameworkErrors")
    void frameworkErrorsCarryTheJsonBody(String method, String path, int status) {
        given().contentType("application/json").request(method, path)
                .then().statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500))).statusCode(status)
                .body("error", notNullValue());
    }

    static Stream<Arguments> frameworkErrors() {
        return Stream.of(
                Arguments.of("GET", "/no/such/path", 404),
                Arguments.of("PUT", "/register", 405),
                Arguments.of("GET", "/services/nobody-001", 404));
    }
}
