package io.harmony.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The failure_detector of POST /register, and the phi that GET /services shows for it. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class FailureDetectorResourceTest {

    static String body(String component, String detector) {
        return """
                {"component":"%s","version":"1.0.0","port":9100%s}""".formatted(component,
                detector == null ? "" : ",\"failure_detector\":" + detector);
    }

    static String register(String component, String detector) {
        return given().contentType(ContentType.JSON).body(body(component, detector)).post("/register")
                .then().statusCode(201).extract().path("component_id");
    }

    static String component(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aPhiComponentShowsItsSettingsAndItsCurrentPhiAFixedOneNeither() {
        // Given a phi component naming only its threshold: the other settings are the conductor's (Akka's)
        String component = component("phi");
        String id = register(component, "{\"type\":\"phi\",\"threshold\":10}");
        given().get("/services/{id}", id).then().statusCode(200)
                .body("failure_detector.type", is("phi"))
                .body("failure_detector.threshold", is(10.0f))
                .body("failure_detector.window", is(1000))
                .body("failure_detector.min_std_dev_ms", is(100))
                .body("failure_detector.acceptable_pause_ms", is(3000))
                .body("phi", lessThan(10.0f)); // just registered: far below its threshold
        given().queryParam("component", component).get("/services").then().statusCode(200)
                .body("services[0].phi", notNullValue());

        // And components under the fixed rule, by default or by name, show no phi
        String fixed = register(component("fixed"), null);
        given().get("/services/{id}", fixed).then().statusCode(200)
                .body("$", not(hasKey("phi"))).body("$", not(hasKey("failure_detector")));
        String named = register(component("named"), "{\"type\":\"fixed\"}");
        given().get("/services/{id}", named).then().statusCode(200)
                .body("failure_detector.type", is("fixed")).body("$", not(hasKey("phi")));
    }

    @Test
    void aBadFailureDetectorIsA400NamingItsFieldAndRegistersNothing() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"type\":\"phi\",\"threshold\":0}", "failure_detector.threshold"),
                Map.entry("{\"type\":\"phi\",\"threshold\":-1}", "failure_detector.threshold"),
                Map.entry("{\"type\":\"phi\",\"threshold\":1e400}", "failure_detector.threshold"),
                Map.entry("{\"type\":\"phi\",\"threshold\":\"8\"}", "failure_detector.threshold"),
                Map.entry("{\"type\":\"phi\",\"window\":0}", "failure_detector.window"),
                Map.entry("{\"type\":\"phi\",\"window\":1.5}", "failure_detector.window"),
                Map.entry("{\"type\":\"phi\",\"min_std_dev_ms\":0}", "failure_detector.min_std_dev_ms"),
                Map.entry("{\"type\":\"phi\",\"acceptable_pause_ms\":-1}", "failure_detector.acceptable_pause_ms"),
                Map.entry("{\"type\":\"gamma\"}", "failure_detector.type"),
                Map.entry("{\"threshold\":8}", "failure_detector.type"),
                Map.entry("{\"type\":\"fixed\",\"threshold\":8}", "failure_detector.threshold"),
                Map.entry("\"phi\"", "failure_detector"));
        String component = component("bad");
        cases.forEach((detector, field) -> given().contentType(ContentType.JSON).body(body(component, detector)).post("/register")
                .then().statusCode(400).body("field", is(field)).body("error", notNullValue()));
        given().queryParam("component", component).get("/services").then().statusCode(200).body("services", hasSize(0));
    }
}
