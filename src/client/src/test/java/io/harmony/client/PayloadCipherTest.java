package io.harmony.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadCipherTest {
    /** The vector the conductor's PayloadCipherTest opens too (made with Python's cryptography AESGCM, independently). */
    static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String VECTOR = "{\"enc\":\"v1\",\"kid\":\"k-test\",\"iv\":\"ZGVmZ2hpamtsbW5v\","
            + "\"ct\":\"Mzm/CAqeM+wcWGva9kcHnDCpY3ipVtEEwrLYJ4mB2HjC6OLwH/BurCkTmRHNQOk=\"}";
    static final String OTHER_KEY = "//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=";

    static JsonNode json(String text) throws Exception {
        return ConductorApi.JSON.readTree(text);
    }

    @Test
    void opensTheConductorsEnvelopeFormat() throws Exception {
        PayloadCipher cipher = new PayloadCipher("k-test", Map.of("k-test", KEY));
        assertEquals(json("{\"answer\":42,\"marker\":\"vector\"}"), cipher.open(json(VECTOR), "request-1"));
    }

    @Test
    void sealsIntoAnEnvelopeThatOpensToTheSameValueWithAFreshIvEachTime() throws Exception {
        PayloadCipher cipher = new PayloadCipher("k-test", Map.of("k-test", KEY));
        JsonNode plain = json("{\"marker\":\"secret-marker\",\"n\":[1,2.5,null]}");
        JsonNode first = cipher.seal(plain, "request-2");
        JsonNode second = cipher.seal(plain, "request-2");
        assertTrue(PayloadCipher.isEnvelope(first), first.toString());
        assertEquals("k-test", first.path("kid").asText());
        assertFalse(first.toString().contains("secret-marker"));
        assertNotEquals(first.path("iv"), second.path("iv"));
        assertEquals(plain, cipher.open(first, "request-2"));
        assertEquals(plain, cipher.open(second, "request-2"));
    }

    @Test
    void anEnvelopeDoesNotOpenUnderAnotherKeyAnotherIdOrAlteredAndNeverSaysWhatItHeld() throws Exception {
        PayloadCipher cipher = new PayloadCipher("k-test", Map.of("k-test", KEY));
        JsonNode sealed = cipher.seal(json("\"secret-marker\""), "request-3");
        var wrongKey = assertThrows(PayloadCipher.UndecryptableException.class,
                () -> new PayloadCipher("k-test", Map.of("k-test", OTHER_KEY)).open(sealed, "request-3"));
        assertFalse(wrongKey.getMessage().contains("secret-marker"));
        assertThrows(PayloadCipher.UndecryptableException.class, () -> cipher.open(sealed, "request-4"));
        ObjectNode altered = sealed.deepCopy();
        String ct = altered.path("ct").asText();
        altered.put("ct", (ct.charAt(0) == 'A' ? "B" : "A") + ct.substring(1));
        assertThrows(PayloadCipher.UndecryptableException.class, () -> cipher.open(altered, "request-3"));
        ObjectNode unknownKid = ((ObjectNode) sealed.deepCopy()).put("kid", "k-nobody");
        assertThrows(PayloadCipher.UndecryptableException.class, () -> cipher.open(unknownKid, "request-3"));
        assertThrows(PayloadCipher.UndecryptableException.class, () -> new PayloadCipher(null, Map.of()).open(sealed, "request-3"));
    }

    @Test
    void anOldKeyOpensButNothingIsSealedWithIt() throws Exception {
        PayloadCipher rotated = new PayloadCipher("k2", Map.of("k2", OTHER_KEY, "k-test", KEY));
        assertEquals(42, rotated.open(json(VECTOR), "request-1").path("answer").asInt());
        assertEquals("k2", rotated.seal(json("1"), "x").path("kid").asText());
    }

    @Test
    void withoutAKeyValuesPassAsTheyAreAndPlaintextIsNeverMistakenForAnEnvelope() throws Exception {
        PayloadCipher none = new PayloadCipher(null, Map.of());
        JsonNode plain = json("{\"enc\":\"v1\",\"kid\":\"k\",\"note\":\"not an envelope: no iv or ct\"}");
        assertSame(plain, none.seal(plain, "r"));
        assertSame(plain, none.open(plain, "r"));
        assertFalse(PayloadCipher.isEnvelope(json("{\"enc\":\"v1\",\"kid\":\"k\",\"iv\":\"a\",\"ct\":\"b\",\"more\":1}")));
        PayloadCipher sealing = new PayloadCipher("k-test", Map.of("k-test", KEY));
        assertTrue(sealing.seal(null, "r") == null && sealing.seal(json("null"), "r").isNull());
    }

    @Test
    void theBuilderRefusesABadKeyAtOnce() {
        var builder = HarmonyClient.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.encryptionKey("k1", "c2hvcnQ="));   // 5 bytes
        assertThrows(IllegalArgumentException.class, () -> builder.encryptionKey("k1", "not base64!"));
        assertThrows(IllegalArgumentException.class, () -> builder.encryptionKey("k:1", KEY));
        builder.encryptionKey("k1", KEY);
        assertThrows(IllegalArgumentException.class, () -> builder.oldEncryptionKey("k1", OTHER_KEY));
    }
}
