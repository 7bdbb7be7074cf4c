package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The conductor's encryption at rest, for what this library reads and writes on Kafka itself (harmony.requests and
 * harmony.replies): AES-256-GCM of a value's JSON text into {@code {"enc":"v1","kid","iv","ct"}} (base64 IV of 12
 * bytes, ciphertext followed by its 16-byte tag), the record's id (request_id) as additional authenticated data.
 * A copy of the conductor's io.harmony.crypto PayloadCipher, kept small on purpose: the library cannot depend on the
 * conductor, and the format must stay identical in both (PayloadCipherTest pins it to a vector the conductor's tests share).
 */
final class PayloadCipher {
    static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why an envelope did not open (unknown key id, wrong key, altered); never carries the payload. */
    static final class UndecryptableException extends Exception {
        UndecryptableException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String currentId;
    private final Map<String, SecretKey> keys;

    /** {@code currentId} null: nothing is sealed, the old keys still open. */
    PayloadCipher(String currentId, Map<String, String> base64Keys) {
        Map<String, SecretKey> decoded = new HashMap<>();
        base64Keys.forEach((id, key) -> decoded.put(id, decode(id, key)));
        if (currentId != null && !decoded.containsKey(currentId)) {
            throw new IllegalArgumentException("no key for key id " + currentId);
        }
        this.currentId = currentId;
        this.keys = Map.copyOf(decoded);
    }

    boolean sealing() {
        return currentId != null;
    }

    JsonNode seal(JsonNode plain, String aad) {
        if (currentId == null || plain == null || plain.isNull() || plain.isMissingNode()) {
            return plain;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(aad));
            byte[] ct = cipher.doFinal(ConductorApi.JSON.writeValueAsBytes(plain));
            ObjectNode envelope = ConductorApi.JSON.createObjectNode();
            envelope.put("enc", VERSION);
            envelope.put("kid", currentId);
            envelope.put("iv", Base64.getEncoder().encodeToString(iv));
            envelope.put("ct", Base64.getEncoder().encodeToString(ct));
            return envelope;
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    static boolean isEnvelope(JsonNode node) {
        return node != null && node.isObject() && node.size() == 4 && VERSION.equals(node.path("enc").textValue())
                && node.path("kid").isTextual() && node.path("iv").isTextual() && node.path("ct").isTextual();
    }

    /** {@code stored} itself unless it is an envelope; else what it holds. */
    JsonNode open(JsonNode stored, String aad) throws UndecryptableException {
        if (!isEnvelope(stored)) {
            return stored;
        }
        SecretKey key = keys.get(stored.path("kid").asText());
        if (key == null) {
            throw new UndecryptableException(keys.isEmpty() ? "no encryption key configured (Builder.encryptionKey)" : "unknown key id");
        }
        try {
            byte[] iv = Base64.getDecoder().decode(stored.path("iv").asText());
            byte[] ct = Base64.getDecoder().decode(stored.path("ct").asText());
            if (iv.length != IV_BYTES) {
                throw new UndecryptableException("iv is not " + IV_BYTES + " bytes");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(aad));
            return ConductorApi.JSON.readTree(cipher.doFinal(ct));
        } catch (AEADBadTagException e) {
            throw new UndecryptableException("authentication failed (wrong key, or the record was altered)");
        } catch (IllegalArgumentException e) {
            throw new UndecryptableException("iv or ct is not base64");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new UndecryptableException("cannot decrypt: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] aad(String aad) {
        return aad == null ? new byte[0] : aad.getBytes(StandardCharsets.UTF_8);
    }

    /** Checked when the builder is given the key, so a bad one fails build(), not the first request. */
    static SecretKey decode(String id, String base64) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("key id must be 1-64 letters, digits, '.', '_' or '-'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("the key of " + id + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key of " + id + " decodes to " + bytes.length + " bytes; AES-256 needs " + KEY_BYTES);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Two ids for one key is fine; one id for two keys is a configuration error. */
    static boolean sameKey(String a, String b) {
        return MessageDigest.isEqual(Base64.getDecoder().decode(a.trim()), Base64.getDecoder().decode(b.trim()));
    }
}
