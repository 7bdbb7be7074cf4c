package io.harmony.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.harmony.client.HarmonyClient;
import io.harmony.embedded.EmbeddedInfra;

/**
 * HTTPS is Quarkus' own TLS, configured by its keys alone: a packaged conductor on a certificate made here (keytool,
 * self-signed, for 127.0.0.1 and localhost), with plain HTTP switched off. Callers that trust exactly that certificate
 * get through, the client library among them; a caller that does not, and any plain-HTTP caller, do not.
 */
class HttpsIT {
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    static ConductorProcess conductor;
    static SSLContext trust;

    @BeforeAll
    static void startOnASelfSignedCertificate() throws Exception {
        Path root = Files.createTempDirectory("harmony-https-");
        Path keystore = root.resolve("conductor.p12");
        selfSigned(keystore);
        trust = trusting(keystore);
        Map<String, String> infra = EmbeddedInfra.start(new EmbeddedInfra.Plan(true, true, root.resolve("infra"), false));
        conductor = new ConductorProcess("tls", infra, root, Map.of(
                "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE", keystore.toString(),
                "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD", PASSWORD,
                "QUARKUS_HTTP_INSECURE_REQUESTS", "disabled",
                "HARMONY_KAFKA_PARTITIONS", "2")).https(trust).start();
    }

    @AfterAll
    static void stop() {
        if (conductor != null) {
            conductor.close();
        }
    }

    @Test
    void healthAndARegistrationAnswerOverTlsToACallerThatTrustsTheCertificate() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trust).build();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(conductor.httpsUri().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.sslSession().isPresent(), "answered over TLS");

        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(conductor.httpsUri().resolve("/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"component\":\"tls-probe\",\"version\":\"1\",\"port\":7443}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, registered.statusCode(), registered.body());
        assertTrue(registered.body().contains("\"component_id\":\"tls-probe-"), registered.body());
    }

    @Test
    void aCallerThatDoesNotTrustTheCertificateIsRefusedTheHandshake() {
        HttpClient jdkDefaults = HttpClient.newHttpClient();
        IOException refused = assertThrows(IOException.class, () -> jdkDefaults.send(
                HttpRequest.newBuilder(conductor.httpsUri().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()));
        assertTrue(refused instanceof SSLHandshakeException || refused.getCause() instanceof SSLHandshakeException, refused.toString());
    }

    @Test
    void plainHttpIsRefusedWhenInsecureRequestsAreDisabled() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(conductor.uri().resolve("/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()),
                "nothing answers plain HTTP on " + conductor.uri());
    }

    @Test
    void theClientLibraryRegistersOverTlsWithTheTrustItIsGiven() throws Exception {
        try (HarmonyClient client = HarmonyClient.builder().conductor(conductor.httpsUri()).sslContext(trust)
                .component("tls-client").port(ConductorProcess.freePort()).host("127.0.0.1")
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build()) {
            client.start();
            assertTrue(client.awaitRegistered(Duration.ofSeconds(30)), "registered over https");
            assertTrue(client.componentId().startsWith("tls-client-"), client.componentId());
        }
    }

    /** A self-signed RSA certificate for 127.0.0.1 and localhost, valid for a day, made by the JDK's own keytool. */
    private static void selfSigned(Path keystore) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "conductor",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), "keytool failed: " + output);
    }

    /** TLS that trusts exactly the keystore's certificate, and nothing else (not the JDK's CAs). */
    private static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Certificate certificate = keys.getCertificate("conductor");
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("conductor", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
