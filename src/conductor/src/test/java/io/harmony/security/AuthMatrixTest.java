package io.harmony.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.harmony.EmbeddedInfraResource;
import io.harmony.kafka.KafkaNames.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Auth on: every endpoint of CONTRACT.md called by nobody, with a token never issued, with another component's token,
 * with its own component's token and with the admin token, each answering what the issue's rights say. Then tokens
 * (issue, list, revoke), the 401's shape, replies only for one's own requests, and last: the whole log of the run
 * holds none of the secrets it used.
 */
@QuarkusTest
@TestProfile(AuthOn.class)
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthMatrixTest {

    /** Who calls: the matrix's columns. */
    enum Who {
        NOBODY, WRONG, OTHER, OWN, ADMIN
    }

    /** Every secret this class handled, searched for in the log at the end. */
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    static final Map<Who, String> TOKENS = new EnumMap<>(Who.class);
    static String own;
    static String other;
    static String ownId;
    static String otherId;
    static int ports = 7600;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void tokensAndInstances() {
        synchronized (AuthMatrixTest.class) {
            if (!TOKENS.isEmpty()) {
                return;
            }
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            own = "matrix-" + suffix;
            other = "rival-" + suffix;
            TOKENS.put(Who.ADMIN, AuthOn.adminToken());
            TOKENS.put(Who.OWN, issue(own));
            TOKENS.put(Who.OTHER, issue(other));
            TOKENS.put(Who.WRONG, neverIssued());
            SECRETS.addAll(TOKENS.values());
            ownId = register(own);
            otherId = register(other);
        }
    }

    static RequestSpecification as(Who who) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        String token = TOKENS.get(who);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    static String issue(String component) {
        String token = as(Who.ADMIN).body("{\"component\":\"" + component + "\"}").post("/tokens")
                .then().statusCode(201).extract().path("token");
        SECRETS.add(token);
        return token;
    }

    static String neverIssued() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "hmy_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static synchronized String register(String component) {
        return as(Who.ADMIN).body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":" + (ports++) + "}")
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** One row of the matrix: an endpoint, what each caller must get, and how to call it as each. */
    record Row(String endpoint, int nobody, int wrong, int other, int own, int admin, Function<Who, Integer> call) {
        int expected(Who who) {
            return switch (who) {
                case NOBODY -> nobody;
                case WRONG -> wrong;
                case OTHER -> other;
                case OWN -> own;
                case ADMIN -> admin;
            };
        }
    }

    static Row row(String endpoint, int nobody, int wrong, int other, int own, int admin, Function<Who, Response> call) {
        return new Row(endpoint, nobody, wrong, other, own, admin, who -> call.apply(who).statusCode());
    }

    /** Reads: open to any valid token, 401 without one. */
    static Row read(String endpoint, Function<Who, Response> call) {
        return row(endpoint, 401, 401, 200, 200, 200, call);
    }

    /** The admin's: tokens, access control, alert rules. */
    static Row adminOnly(String endpoint, int success, Function<Who, Response> call) {
        return row(endpoint, 401, 401, 403, 403, success, call);
    }

    /** Acting as one component: its own token and the admin may, another component's may not. */
    static Row asOwn(String endpoint, int success, Function<Who, Response> call) {
        return row(endpoint, 401, 401, 403, success, success, call);
    }

    @Test
    @Order(1)
    void everyEndpointAnswersEachCallerWhatItsRightsSay() {
        String key = "matrix:" + own;
        as(Who.ADMIN).body("{\"value\":1}").put("/state/" + key).then().statusCode(200);
        List<Row> rows = List.of(
                asOwn("POST /register", 201, who -> as(who).body("{\"component\":\"" + own + "\",\"version\":\"1\",\"port\":7599}").post("/register")),
                asOwn("POST /heartbeat", 200, who -> as(who).body("{\"component_id\":\"" + ownId + "\",\"metrics\":{\"errors\":0}}").post("/heartbeat")),
                read("GET /services", who -> as(who).get("/services?component=" + own)),
                read("GET /services/{id}", who -> as(who).get("/services/" + ownId)),
                asOwn("POST /services/{id}/commands", 202, who -> as(who).body("{\"command\":\"noop\"}").post("/services/" + ownId + "/commands")),
                read("GET /services/{id}/commands", who -> as(who).get("/services/" + ownId + "/commands")),
                asOwn("DELETE /services/{id}", 204, who -> as(who).delete("/services/" + register(own))),
                read("GET /dashboard", who -> as(who).get("/dashboard")),
                asOwn("POST /queue/send", 202, who -> as(who).body(message(own)).post("/queue/send")),
                asOwn("POST /queue/send (batch)", 202, who -> as(who).body("{\"messages\":[" + message(own) + "]}").post("/queue/send")),
                asOwn("GET /queue/receive", 200, who -> as(who).get("/queue/receive?component=" + own)),
                asOwn("POST /broadcast", 202, who -> as(who).body("{\"from\":\"" + own + "\",\"event_type\":\"matrix-ping\",\"data\":{}}").post("/broadcast")),
                // past auth a request to a component that never registered is its 404: what matters is that it got there
                asOwn("POST /request", 404, who -> as(who).body("{\"from\":\"" + own + "\",\"to\":\"" + unique("nobody")
                        + "\",\"request_type\":\"ping\",\"timeout_seconds\":1}").post("/request")),
                asOwn("GET /requests/receive (name)", 200, who -> as(who).get("/requests/receive?component=" + own)),
                asOwn("GET /requests/receive (instance)", 200, who -> as(who).get("/requests/receive?component=" + ownId)),
                new Row("GET /events/subscribe (header)", 401, 401, 200, 200, 200, who -> subscribe(who, false)),
                new Row("GET /events/subscribe (?access_token=)", 401, 401, 200, 200, 200, who -> subscribe(who, true)),
                read("GET /state/{key}", who -> as(who).get("/state/" + key)),
                read("GET /state?prefix=", who -> as(who).get("/state?prefix=matrix:")),
                read("PUT /state/{key}", who -> as(who).body("{\"value\":\"" + who + "\"}").put("/state/" + key + ":" + who)),
                row("DELETE /state/{key}", 401, 401, 204, 204, 204, who -> {
                    as(Who.ADMIN).body("{\"value\":0}").put("/state/" + key + ":gone:" + who).then().statusCode(200);
                    return as(who).delete("/state/" + key + ":gone:" + who);
                }),
                read("GET /metrics", who -> as(who).get("/metrics")),
                read("GET /metrics/{id}", who -> as(who).get("/metrics/" + ownId)),
                adminOnly("POST /alerts/configure", 201, who -> as(who).body(alertRule(own + "-" + who)).post("/alerts/configure")),
                read("GET /alerts", who -> as(who).get("/alerts")),
                read("GET /alerts/active", who -> as(who).get("/alerts/active")),
                adminOnly("DELETE /alerts/{name}", 204, who -> {
                    as(Who.ADMIN).body(alertRule(own + "-gone-" + who)).post("/alerts/configure").then().statusCode(201);
                    return as(who).delete("/alerts/" + own + "-gone-" + who);
                }),
                adminOnly("POST /tokens", 201, who -> {
                    Response r = as(who).body("{\"component\":\"" + unique("minted") + "\"}").post("/tokens");
                    if (r.statusCode() == 201) {
                        SECRETS.add(r.path("token"));
                    }
                    return r;
                }),
                adminOnly("GET /tokens", 200, who -> as(who).get("/tokens")),
                adminOnly("DELETE /tokens/{id}", 204, who -> {
                    Response issued = as(Who.ADMIN).body("{\"component\":\"" + unique("doomed") + "\"}").post("/tokens");
                    SECRETS.add(issued.path("token"));
                    return as(who).delete("/tokens/" + issued.path("token_id"));
                }),
                adminOnly("POST /access-control", 201, who -> as(who).body(accessRule(own + "-acl-" + who)).post("/access-control")),
                adminOnly("GET /access-control", 200, who -> as(who).get("/access-control")),
                adminOnly("DELETE /access-control/{from}", 204, who -> {
                    as(Who.ADMIN).body(accessRule(own + "-gone-" + who)).post("/access-control").then().statusCode(201);
                    return as(who).delete("/access-control/" + own + "-gone-" + who);
                }),
                row("GET /health", 200, 200, 200, 200, 200, who -> as(who).get("/health")));

        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (Row row : rows) {
            table.append(String.format("%-40s", row.endpoint()));
            for (Who who : Who.values()) {
                int status = row.call().apply(who);
                table.append(String.format(" %s=%d", who.name().toLowerCase(), status));
                if (status != row.expected(who)) {
                    wrong.add(row.endpoint() + " as " + who + ": " + status + ", expected " + row.expected(who));
                }
            }
            table.append('\n');
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " cells differ:\n  " + String.join("\n  ", wrong) + "\nwhole matrix:\n" + table);
        // the rules and alert rules this made are the admin's cells only; remove them so other tests see none
        for (Who who : Who.values()) {
            as(Who.ADMIN).delete("/access-control/" + own + "-acl-" + who);
            as(Who.ADMIN).delete("/alerts/" + own + "-" + who);
        }
    }

    static String message(String from) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + from + "-inbox\",\"message_type\":\"t\",\"payload\":1}";
    }

    static String alertRule(String name) {
        return "{\"alert_name\":\"" + name + "\",\"condition\":\"errors > 5\",\"components\":[\"" + own
                + "\"],\"notification_channels\":[\"log\"]}";
    }

    static String accessRule(String from) {
        return "{\"from\":\"" + from + "\",\"to\":[\"" + own + "\"],\"allowed_operations\":[\"write\"]}";
    }

    /** Opens the event stream as {@code who}, by header or by query parameter, and answers its status. */
    private int subscribe(Who who, boolean asParameter) {
        String token = TOKENS.get(who);
        String uri = base + "events/subscribe?event_type=matrix-*"
                + (asParameter && token != null ? "&access_token=" + token : "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/event-stream");
        if (!asParameter && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<java.io.InputStream> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(10, TimeUnit.SECONDS);
            response.body().close();
            return response.statusCode();
        } catch (Exception e) {
            throw new AssertionError("GET " + uri.replace(String.valueOf(token), "<token>") + " gave no answer", e);
        }
    }

    @Test
    @Order(2)
    void a401SaysBearerAndNoErrorRepeatsTheToken() {
        String wrong = TOKENS.get(Who.WRONG);
        Response unknown = as(Who.WRONG).get("/services");
        unknown.then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", notNullValue()).body("field", is("authorization"));
        assertFalse(unknown.asString().contains(wrong), unknown.asString());

        given().get("/services").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("field", is("authorization"));
        given().header("Authorization", "Basic " + wrong).get("/services").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer ").get("/services").then().statusCode(401);
        given().header("Authorization", "Bearer " + "x".repeat(4000)).get("/services").then().statusCode(401);

        // 403s name the field at fault and what the token may do, not the token
        Response forbidden = as(Who.OTHER).body(message(own)).post("/queue/send");
        forbidden.then().statusCode(403).body("field", is("from")).body("error", is("this token acts for " + other + "; it cannot act as " + own));
        assertFalse(forbidden.asString().contains(TOKENS.get(Who.OTHER)));
        as(Who.OTHER).body("{\"messages\":[" + message(other) + "," + message(own) + "]}").post("/queue/send")
                .then().statusCode(403).body("field", is("messages[1].from"));
        as(Who.OWN).body("{\"component_id\":\"" + otherId + "\"}").post("/heartbeat")
                .then().statusCode(403).body("field", is("component_id"));
        as(Who.OWN).body(alertRule(unique("nope"))).post("/alerts/configure")
                .then().statusCode(403).body("field", is("authorization"));
        // a component token is bound to the exact name: a-001 is an instance of a, not of a-00
        as(Who.OWN).get("/requests/receive?component=" + own + "x").then().statusCode(403);
    }

    @Test
    @Order(3)
    void aTokenWorksUntilRevokedItsSecretIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        String component = unique("lifecycle");
        Response issued = as(Who.ADMIN).body("{\"component\":\"" + component + "\",\"description\":\"ci runner\"}").post("/tokens");
        issued.then().statusCode(201).body("component", is(component)).body("token_id", startsWith("tok-"))
                .body("token", startsWith("hmy_"));
        String id = issued.path("token_id");
        String secret = issued.path("token");
        SECRETS.add(secret);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes("UTF-8")));

        // listed without its secret or its hash
        Response list = as(Who.ADMIN).get("/tokens");
        list.then().statusCode(200)
                .body("tokens.find { it.token_id == '" + id + "' }.component", is(component))
                .body("tokens.find { it.token_id == '" + id + "' }.description", is("ci runner"))
                .body("tokens.find { it.token_id == '" + id + "' }.created_at", notNullValue());
        assertFalse(list.asString().contains(secret));
        assertFalse(list.asString().contains(hash));

        // the topic holds the hash, never the secret
        List<String> values = tokenRecords(id);
        assertFalse(values.isEmpty(), "no record of " + id + " on " + Topics.TOKENS);
        assertTrue(values.get(0).contains(hash), values.get(0));
        assertTrue(values.stream().noneMatch(v -> v.contains(secret)));

        // usable at once on this replica, refused at once after its revocation
        given().header("Authorization", "Bearer " + secret).get("/services").then().statusCode(200);
        as(Who.ADMIN).delete("/tokens/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + secret).get("/services").then().statusCode(401);
        as(Who.ADMIN).delete("/tokens/" + id).then().statusCode(404).body("field", is("token_id"));
        as(Who.ADMIN).get("/tokens").then().body("tokens.token_id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
    }

    @Test
    @Order(4)
    void issuingATokenChecksItsBody() {
        as(Who.ADMIN).body("{\"component\":12345}").post("/tokens").then().statusCode(400).body("field", is("component"));
        as(Who.ADMIN).body("{}").post("/tokens").then().statusCode(400).body("field", is("component"));
        as(Who.ADMIN).body("{\"component\":\"no spaces\"}").post("/tokens").then().statusCode(400).body("field", is("component"));
        as(Who.ADMIN).body("{\"component\":\"ok\",\"description\":\"" + "d".repeat(300) + "\"}").post("/tokens")
                .then().statusCode(400).body("field", is("description"));
    }

    @Test
    @Order(5)
    void aComponentRepliesOnlyToRequestsRoutedToItsOwnInstances() throws Exception {
        // Given: a request to own, pending on one of its instances (registering just before keeps one healthy)
        register(own);
        CompletableFuture<HttpResponse<String>> answer = ask(own);
        String requestId = handedOut(own);

        // Then: nobody, a wrong token and the rival may not answer it; own may, once
        for (Who who : List.of(Who.NOBODY, Who.WRONG)) {
            as(who).body("{\"response\":\"x\"}").post("/requests/" + requestId + "/reply").then().statusCode(401);
        }
        as(Who.OTHER).body("{\"response\":\"forged\"}").post("/requests/" + requestId + "/reply")
                .then().statusCode(403).body("field", is("request_id"));
        as(Who.OWN).body("{\"response\":\"pong\"}").post("/requests/" + requestId + "/reply").then().statusCode(200);
        HttpResponse<String> answered = answer.get(15, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode(), answered.body());
        assertTrue(answered.body().contains("\"response\":\"pong\""), answered.body());

        // And: the admin may answer any request
        register(own);
        CompletableFuture<HttpResponse<String>> second = ask(own);
        as(Who.ADMIN).body("{\"response\":\"by admin\"}").post("/requests/" + handedOut(own) + "/reply").then().statusCode(200);
        assertEquals(200, second.get(15, TimeUnit.SECONDS).statusCode());
    }

    /** POST /request as the admin, from an asker no rule restricts, in the background: it waits for the reply. */
    private CompletableFuture<HttpResponse<String>> ask(String to) {
        String body = "{\"from\":\"" + unique("asker") + "\",\"to\":\"" + to + "\",\"request_type\":\"matrix\",\"timeout_seconds\":10}";
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "request")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKENS.get(Who.ADMIN)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String handedOut(String component) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> ids = as(Who.OWN).get("/requests/receive?component=" + component + "&wait_seconds=1")
                    .then().statusCode(200).extract().path("requests.request_id");
            id[0] = ids.isEmpty() ? null : ids.get(0);
            return id[0] != null;
        });
        return id[0];
    }

    private static List<String> tokenRecords(String tokenId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition partition = new TopicPartition(Topics.TOKENS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (tokenId.equals(r.key()) && r.value() != null) {
                        values.add(r.value());
                    }
                }
            }
        }
        return values;
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theRunsLogHoldsNoneOfTheSecretsItUsed() {
        assertTrue(SECRETS.size() >= 6, "the other tests ran first and issued tokens: " + SECRETS.size());
        AuthOn.assertLogHoldsNone(SECRETS);
    }
}
