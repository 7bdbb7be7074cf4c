package io.harmony.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.harmony.json.Json;

class PayloadCipherTest {
    /** Base64 of the bytes 0..31. */
    static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    /** Base64 of the bytes 255..224. */
    static final String OTHER_KEY = "//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=";
    /**
     * {"answer":42,"marker":"vector"} sealed under KEY (id k-test) with AAD "request-1", made independently with Python's
     * cryptography AESGCM. The client library's PayloadCipherTest opens the same vector: the two copies agree.
     */
    static final String VECTOR = "{\"enc\":\"v1\",\"kid\":\"k-test\",\"iv\":\"ZGVmZ2hpamtsbW5v\","
            + "\"ct\":\"Mzm/CAqeM+wcWGva9kcHnDCpY3ipVtEEwrLYJ4mB2HjC6OLwH/BurCkTmRHNQOk=\"}";

    static PayloadCipher cipher(String key, String keyId, String oldKeys) {
        return PayloadCipher.of(Optional.ofNullable(key), keyId, Optional.ofNullable(oldKeys));
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void opensAnEnvelopeMadeByAnotherImplementation() throws Exception {
        assertEquals(json("{\"answer\":42,\"marker\":\"vector\"}"), cipher(KEY, "k-test", null).open(json(VECTOR), "request-1"));
    }

    @Test
    void sealsEveryValueWithAFreshIvAndOpensItAgain() throws Exception {
        PayloadCipher cipher = cipher(KEY, "k-test", null);
        JsonNode plain = json("{\"marker\":\"secret-marker\",\"list\":[1,2.5,null,\"x\"]}");
        JsonNode first = cipher.seal(plain, "m-1");
        JsonNode second = cipher.seal(plain, "m-1");
        assertTrue(PayloadCipher.isEnvelope(first), first.toString());
        assertEquals("v1", first.path("enc").asText());
        assertEquals("k-test", first.path("kid").asText());
        assertFalse(first.toString().contains("secret-marker"));
        assertNotEquals(first.path("iv"), second.path("iv"));
        assertEquals(plain, cipher.open(first, "m-1"));
        assertEquals(plain, cipher.open(second, "m-1"));
        assertEquals(json("\"just text\""), cipher.open(cipher.seal(json("\"just text\""), "m-2"), "m-2"));
    }

    @Test
    void anEnvelopeOpensOnlyUnderItsKeyForItsRecordAndUnaltered() throws Exception {
        PayloadCipher cipher = cipher(KEY, "k-test", null);
        JsonNode sealed = cipher.seal(json("\"secret-marker\""), "m-3");
        var wrongKey = assertThrows(UndecryptablePayloadException.class, () -> cipher(OTHER_KEY, "k-test", null).open(sealed, "m-3"));
        assertFalse(wrongKey.getMessage().contains("secret-marker"));
        assertEquals("k-test", wrongKey.keyId());
        assertThrows(UndecryptablePayloadException.class, () -> cipher.open(sealed, "m-4")); // moved to another record
        ObjectNode altered = sealed.deepCopy();
        String ct = altered.path("ct").asText();
        altered.put("ct", (ct.charAt(0) == 'A' ? "B" : "A") + ct.substring(1));
        assertThrows(UndecryptablePayloadException.class, () -> cipher.open(altered, "m-3"));
        ObjectNode unknown = ((ObjectNode) sealed.deepCopy()).put("kid", "k-nobody");
        assertEquals("unknown key id", assertThrows(UndecryptablePayloadException.class, () -> cipher.open(unknown, "m-3")).getMessage());
        assertThrows(UndecryptablePayloadException.class, () -> cipher(null, "k1", null).open(sealed, "m-3"));
    }

    @Test
    void oldKeysOpenWhatTheySealedButNewValuesGetTheCurrentKey() throws Exception {
        JsonNode underOld = cipher(KEY, "k1", null).seal(json("{\"n\":1}"), "m-5");
        PayloadCipher rotated = cipher(OTHER_KEY, "k2", "k1:" + KEY + ", k-test:" + KEY);
        assertEquals(json("{\"n\":1}"), rotated.open(underOld, "m-5"));
        assertEquals(42, rotated.open(json(VECTOR), "request-1").path("answer").asInt());
        assertEquals("k2", rotated.seal(json("1"), "m-6").path("kid").asText());
        // Decrypt-only: no current key, old keys still open, nothing new is sealed.
        PayloadCipher retired = cipher(null, "k2", "k1:" + KEY);
        assertFalse(retired.encrypting());
        assertEquals(json("{\"n\":1}"), retired.open(underOld, "m-5"));
        assertEquals(json("{\"n\":2}"), retired.seal(json("{\"n\":2}"), "m-7"));
    }

    @Test
    void withoutAKeyValuesAreStoredAsSentAndPlaintextIsNeverTakenForAnEnvelope() throws Exception {
        PayloadCipher none = cipher(null, "k1", null);
        JsonNode lookalike = json("{\"enc\":\"v1\",\"kid\":\"k\",\"note\":\"no iv, no ct\"}");
        assertSame(lookalike, none.seal(lookalike, "m"));
        assertFalse(PayloadCipher.isEnvelope(lookalike));
        assertFalse(PayloadCipher.isEnvelope(json("{\"enc\":\"v1\",\"kid\":\"k\",\"iv\":\"a\",\"ct\":\"b\",\"more\":1}")));
        assertFalse(PayloadCipher.isEnvelope(json("{\"enc\":\"v2\",\"kid\":\"k\",\"iv\":\"a\",\"ct\":\"b\"}")));
        PayloadCipher sealing = cipher(KEY, "k1", null);
        assertEquals(null, sealing.seal(null, "m"));
        assertTrue(sealing.seal(json("null"), "m").isNull()); // no payload has nothing to hide
    }

    @Test
    void aBadKeyOrKeyListIsRefusedWithAMessageThatNamesTheSettingButNeverTheKey() {
        String shortKey = "c2hvcnQ="; // 5 bytes
        var tooShort = assertThrows(IllegalArgumentException.class, () -> cipher(shortKey, "k1", null));
        assertTrue(tooShort.getMessage().contains("harmony.encryption.key") && tooShort.getMessage().contains("5 bytes"), tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains(shortKey));
        assertThrows(IllegalArgumentException.class, () -> cipher("not base64 at all!", "k1", null));
        assertThrows(IllegalArgumentException.class, () -> cipher(KEY, "bad id", null));
        var noColon = assertThrows(IllegalArgumentException.class, () -> cipher(KEY, "k2", KEY));
        assertFalse(noColon.getMessage().contains(KEY));
        var twoKeysOneId = assertThrows(IllegalArgumentException.class, () -> cipher(KEY, "k1", "k1:" + OTHER_KEY));
        assertFalse(twoKeysOneId.getMessage().contains(OTHER_KEY));
        cipher(KEY, "k1", "k1:" + KEY); // the same key under its own id again is harmless
    }
}
