package io.harmony.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Access control with auth off (the default): {@code from} is trusted as sent, and a sender a rule names may only send
 * and request what its rule allows. Rules are removed at the end of each test: sherlock-hub sends in other tests.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class AccessControlTest {

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static int send(String from, String to) {
        return given().contentType(ContentType.JSON)
                .body("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"message_type\":\"t\",\"payload\":{\"n\":1}}")
                .post("/queue/send").then().extract().statusCode();
    }

    static void configure(String json) {
        given().contentType(ContentType.JSON).body(json).post("/access-control").then().statusCode(201);
    }

    @Test
    void theSeedsRuleLetsSherlockHubWriteToItsTwoTargetsOnly() {
        try {
            // Given: the seed's example, as written
            given().contentType(ContentType.JSON).body("""
                    {"from": "sherlock-hub", "to": ["echo-git-sync", "global-cortex"], "allowed_operations": ["read", "write"]}""")
                    .post("/access-control").then().statusCode(201)
                    .body("from", is("sherlock-hub"))
                    .body("to", contains("echo-git-sync", "global-cortex"))
                    .body("allowed_operations", contains("read", "write"));

            // Then: a send to a target outside it is a 403 naming the missing rule; one inside it is queued
            given().contentType(ContentType.JSON)
                    .body("{\"from\":\"sherlock-hub\",\"to\":\"global-nexus\",\"message_type\":\"t\",\"payload\":1}")
                    .post("/queue/send").then().statusCode(403).body("field", is("to"))
                    .body("error", containsString("no access-control rule lets sherlock-hub write to global-nexus"));
            given().contentType(ContentType.JSON)
                    .body("{\"from\":\"sherlock-hub\",\"to\":\"echo-git-sync\",\"message_type\":\"t\",\"payload\":1}")
                    .post("/queue/send").then().statusCode(202);
            // a batch with one forbidden message sends none, and says which
            given().contentType(ContentType.JSON).body("""
                    {"messages":[{"from":"sherlock-hub","to":"global-cortex","message_type":"t","payload":1},
                                 {"from":"sherlock-hub","to":"global-nexus","message_type":"t","payload":2}]}""")
                    .post("/queue/send").then().statusCode(403).body("field", is("messages[1].to"));
            // a request to a target outside it too (read), before any routing
            given().contentType(ContentType.JSON)
                    .body("{\"from\":\"sherlock-hub\",\"to\":\"global-nexus\",\"request_type\":\"ping\",\"timeout_seconds\":1}")
                    .post("/request").then().statusCode(403).body("field", is("to"))
                    .body("error", containsString("no access-control rule lets sherlock-hub read"));
            // senders no rule names are not restricted, nor are broadcasts
            org.junit.jupiter.api.Assertions.assertEquals(202, send("global-nexus", "global-nexus-peer"));
            given().contentType(ContentType.JSON).body("{\"from\":\"sherlock-hub\",\"event_type\":\"acl-free\",\"data\":{}}")
                    .post("/broadcast").then().statusCode(202);

            given().get("/access-control").then().statusCode(200)
                    .body("rules.find { it.from == 'sherlock-hub' }.to", contains("echo-git-sync", "global-cortex"));
        } finally {
            given().delete("/access-control/sherlock-hub");
        }
        // removed: unrestricted again at once on this replica
        org.junit.jupiter.api.Assertions.assertEquals(202, send("sherlock-hub", "global-nexus"));
        given().get("/access-control").then().body("rules.from", not(hasItem("sherlock-hub")));
        given().delete("/access-control/sherlock-hub").then().statusCode(404).body("field", is("from"));
    }

    @Test
    void writeImpliesReadAndReadAloneAllowsNoSend() {
        String reader = unique("reader");
        String writer = unique("writer");
        String target = unique("target");
        try {
            configure("{\"from\":\"" + reader + "\",\"to\":[\"" + target + "\"],\"allowed_operations\":[\"read\"]}");
            configure("{\"from\":\"" + writer + "\",\"to\":[\"*\"],\"allowed_operations\":[\"write\"]}");
            org.junit.jupiter.api.Assertions.assertEquals(403, send(reader, target));
            org.junit.jupiter.api.Assertions.assertEquals(202, send(writer, unique("anyone")));
            // read lets a request through access control: it fails later, on routing (never registered → 404)
            request(reader, target).then().statusCode(404);
            request(writer, target).then().statusCode(404);
            request(reader, unique("elsewhere")).then().statusCode(403);

            // a POST for the same sender replaces its rule
            configure("{\"from\":\"" + reader + "\",\"to\":[\"" + target + "\"],\"allowed_operations\":[\"write\",\"write\"]}");
            org.junit.jupiter.api.Assertions.assertEquals(202, send(reader, target));
            given().get("/access-control").then()
                    .body("rules.find { it.from == '" + reader + "' }.allowed_operations", contains("write"));
        } finally {
            given().delete("/access-control/" + reader);
            given().delete("/access-control/" + writer);
        }
    }

    private static io.restassured.response.Response request(String from, String to) {
        return given().contentType(ContentType.JSON)
                .body("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"request_type\":\"ping\",\"timeout_seconds\":1}")
                .post("/request");
    }

    @Test
    void aBadRuleIsA400NamingTheField() {
        String from = unique("bad");
        post("{\"to\":[\"x\"],\"allowed_operations\":[\"read\"]}").then().statusCode(400).body("field", is("from"));
        post("{\"from\":\"" + from + "\",\"to\":[],\"allowed_operations\":[\"read\"]}").then().statusCode(400).body("field", is("to"));
        post("{\"from\":\"" + from + "\",\"to\":[\"x\"],\"allowed_operations\":[\"delete\"]}").then().statusCode(400)
                .body("field", is("allowed_operations[0]"));
        post("{\"from\":\"" + from + "\",\"to\":[\"no spaces\"],\"allowed_operations\":[\"read\"]}").then().statusCode(400)
                .body("field", is("to[0]"));
        post("{\"from\":\"" + from + "\",\"to\":\"x\",\"allowed_operations\":[\"read\"]}").then().statusCode(400).body("field", is("to"));
        post("{\"from\":12345,\"to\":[\"x\"],\"allowed_operations\":[\"read\"]}").then().statusCode(400).body("field", is("from"));
        post("{\"from\":\"" + from + "\",\"to\":[\"x\"]}").then().statusCode(400).body("field", is("allowed_operations"));
        given().get("/access-control").then().body("rules.from", not(hasItem(from)));
    }

    private static io.restassured.response.Response post(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/access-control");
    }
}
