package io.harmony.crypto;

/**
 * A stored envelope that does not open: unknown key id, wrong key, or an altered record. Its message names the key id
 * and the reason, never the payload. Never reaches a caller as an error: the record is skipped and counted.
 */
public class UndecryptablePayloadException extends RuntimeException {
    private final String keyId;

    UndecryptablePayloadException(String keyId, String reason) {
        super(reason, null, false, false); // no stack trace: expected, counted, and logged in one line
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
