package io.harmony.state;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;

import io.harmony.errors.InvalidInputException;
import io.harmony.json.Json;

/**
 * How values are stored and read back (CONTRACT.md): components write JSON text or plain text; text that parses as
 * JSON reads back as JSON, anything else as a string; a PUT of a JSON string stores its plain text, so
 * {@code redis-cli GET} shows {@code hello}, not {@code "hello"}. A version is the SHA-1 hex of the stored bytes.
 */
final class StateValues {
    // A whole document or nothing: "42 apples" is text, not the number 42 followed by garbage.
    private static final ObjectReader READER = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StateValues() {
    }

    /** The text to store for a PUT's {@code value}. */
    static String toStored(JsonNode value) {
        if (value == null) {
            throw new InvalidInputException("value", "value is required (any JSON)");
        }
        Json.requireFinite(value, "value");
        if (value.isTextual()) {
            return value.textValue();
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("value", "value cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** The API value of stored text. */
    static JsonNode fromStored(String stored) {
        try {
            JsonNode node = READER.readTree(stored);
            if (node != null && !node.isMissingNode() && finite(node)) {
                return node;
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: plain text
        }
        return TextNode.valueOf(stored);
    }

    static String version(byte[] stored) {
        return io.harmony.redis.RedisCalls.sha1Hex(stored);
    }

    static String version(String stored) {
        return version(stored.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An {@code If-Match} value: a version bare or quoted (an ETag), or {@code *} (the key must exist); null when
     * absent. Anything else is 400: it could never match.
     */
    static String ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.equals("*")) {
            return v;
        }
        v = v.toLowerCase(java.util.Locale.ROOT);
        if (!v.matches("[0-9a-f]{40}")) {
            throw new InvalidInputException("If-Match", "If-Match must be a version (40 hex digits, bare or quoted) or *");
        }
        return v;
    }

    private static boolean finite(JsonNode node) {
        try {
            Json.requireFinite(node, "value");
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
