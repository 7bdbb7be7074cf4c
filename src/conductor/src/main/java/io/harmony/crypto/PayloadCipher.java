package io.harmony.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AES-256-GCM of one JSON value into the envelope {@code {"enc":"v1","kid":…,"iv":base64,"ct":base64}} that is stored in
 * place of a payload, and back. The plaintext is the value's JSON text in UTF-8; {@code ct} is the ciphertext followed by
 * the 16-byte tag; every value gets a fresh random 12-byte IV. The additional authenticated data is the record's id
 * (message_id, request_id, event_id) in UTF-8, so an envelope copied into another record does not open.
 * The client library (src/client) holds a copy of this class, as it cannot depend on the conductor: change both or neither.
 */
public final class PayloadCipher {
    public static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Only for the plaintext's JSON text: any mapper writes and reads a tree the same. */
    private static final ObjectMapper TREES = new ObjectMapper();

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private PayloadCipher(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    /**
     * From the {@code harmony.encryption.*} values; refuses a bad key or key list with a message naming the key
     * (never its value). No current key: values are stored as sent, and the old keys (if any) still open envelopes.
     */
    public static PayloadCipher of(Optional<String> key, String keyId, Optional<String> oldKeys) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String current = null;
        if (key.isPresent() && !key.get().isBlank()) {
            current = checkedId(keyId, "harmony.encryption.key-id");
            keys.put(current, decodeKey(key.get(), "harmony.encryption.key"));
        }
        if (oldKeys.isPresent() && !oldKeys.get().isBlank()) {
            for (String entry : oldKeys.get().split(",")) {
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("harmony.encryption.old-keys must be id:base64key,…; an entry has no ':'");
                }
                String id = checkedId(entry.substring(0, colon).trim(), "an id in harmony.encryption.old-keys");
                SecretKey old = decodeKey(entry.substring(colon + 1).trim(), "the key of " + id + " in harmony.encryption.old-keys");
                SecretKey known = keys.putIfAbsent(id, old);
                if (known != null && !java.security.MessageDigest.isEqual(known.getEncoded(), old.getEncoded())) {
                    throw new IllegalArgumentException("key id " + id + " names two different keys in harmony.encryption.key-id/old-keys");
                }
            }
        }
        return new PayloadCipher(current, keys);
    }

    /** True when new values are encrypted (a current key is configured). */
    public boolean encrypting() {
        return currentId != null;
    }

    /** The id new envelopes carry; null when not encrypting. */
    public String currentKeyId() {
        return currentId;
    }

    /** Every key id that opens envelopes (the current one and the old ones), never a key. */
    public java.util.Set<String> keyIds() {
        return new java.util.TreeSet<>(keys.keySet());
    }

    /** The envelope of {@code plain}; as is when not encrypting, and for null (no payload has nothing to hide). */
    public JsonNode seal(JsonNode plain, String aad) {
        if (currentId == null || plain == null || plain.isNull() || plain.isMissingNode()) {
            return plain;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ct;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aadBytes(aad));
            ct = cipher.doFinal(TREES.writeValueAsBytes(plain));
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e); // a JDK without AES-GCM: not the caller's fault
        }
        ObjectNode envelope = TREES.createObjectNode();
        envelope.put("enc", VERSION);
        envelope.put("kid", currentId);
        envelope.put("iv", Base64.getEncoder().encodeToString(iv));
        envelope.put("ct", Base64.getEncoder().encodeToString(ct));
        return envelope;
    }

    /** Exactly the four fields of a v1 envelope, all text: anything else is a plaintext value, handed out as is. */
    public static boolean isEnvelope(JsonNode node) {
        return node != null && node.isObject() && node.size() == 4 && VERSION.equals(node.path("enc").textValue())
                && node.path("kid").isTextual() && node.path("iv").isTextual() && node.path("ct").isTextual();
    }

    /** The value inside {@code envelope}; the exception says why not (unknown key id, wrong key or altered), never what. */
    public JsonNode open(JsonNode envelope, String aad) {
        String kid = envelope.path("kid").asText();
        SecretKey key = keys.get(kid);
        if (key == null) {
            throw new UndecryptablePayloadException(kid, keys.isEmpty() ? "no encryption key is configured" : "unknown key id");
        }
        byte[] iv;
        byte[] ct;
        try {
            iv = Base64.getDecoder().decode(envelope.path("iv").asText());
            ct = Base64.getDecoder().decode(envelope.path("ct").asText());
        } catch (IllegalArgumentException e) {
            throw new UndecryptablePayloadException(kid, "iv or ct is not base64");
        }
        if (iv.length != IV_BYTES) {
            throw new UndecryptablePayloadException(kid, "iv is not " + IV_BYTES + " bytes");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aadBytes(aad));
            plain = cipher.doFinal(ct);
        } catch (AEADBadTagException e) {
            throw new UndecryptablePayloadException(kid, "authentication failed (wrong key, or the record was altered)");
        } catch (GeneralSecurityException e) {
            throw new UndecryptablePayloadException(kid, "cannot decrypt: " + e.getClass().getSimpleName());
        }
        try {
            return TREES.readTree(plain);
        } catch (java.io.IOException e) {
            throw new UndecryptablePayloadException(kid, "the plaintext is not JSON");
        }
    }

    private static byte[] aadBytes(String aad) {
        return aad == null ? new byte[0] : aad.getBytes(StandardCharsets.UTF_8);
    }

    private static String checkedId(String id, String what) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(what + " must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    private static SecretKey decodeKey(String base64, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64 (expected base64 of " + KEY_BYTES + " random bytes, e.g. `openssl rand -base64 32`)");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(what + " decodes to " + bytes.length + " bytes; AES-256 needs " + KEY_BYTES
                    + " (e.g. `openssl rand -base64 32`)");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
