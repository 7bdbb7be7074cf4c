package io.harmony.crypto;

import io.harmony.config.StartOrder;
import jakarta.annotation.Priority;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.harmony.config.HarmonyConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Encryption at rest of the payloads the conductor stores (queued messages, requests, replies, broadcast data): sealed
 * on the way in, opened on the way out. A stored value that does not open is logged (record and key id, never the
 * payload), counted in {@code harmony_decrypt_failures_total{record}} and skipped by the caller: one bad record never
 * fails a receive, a stream or a request.
 */
@Singleton
public class StoredPayloads {
    private static final Logger LOG = Logger.getLogger(StoredPayloads.class);

    /** The kinds of record whose payload is stored sealed: the meter's {@code record} tag. */
    public static final String MESSAGE = "message", REQUEST = "request", REPLY = "reply", EVENT = "event";

    private final PayloadCipher cipher;
    private final java.util.Map<String, Counter> failures = new java.util.HashMap<>();

    StoredPayloads(HarmonyConfig config, MeterRegistry meters) {
        HarmonyConfig.Encryption e = config.encryption();
        try {
            this.cipher = PayloadCipher.of(e.key(), e.keyId(), e.oldKeys());
        } catch (IllegalArgumentException bad) {
            throw new IllegalStateException("encryption at rest is misconfigured: " + bad.getMessage());
        }
        // Registered up front, so the series exist at 0 and an alert on their increase needs no special case.
        for (String record : java.util.List.of(MESSAGE, REQUEST, REPLY, EVENT)) {
            failures.put(record, Counter.builder("harmony.decrypt.failures").tag("record", record)
                    .description("Stored payloads that did not decrypt (unknown key id, wrong key, altered); each record was skipped")
                    .register(meters));
        }
    }

    /** Built (and its keys checked) at start, so a bad key stops the conductor at once rather than at the first send. */
    void onStart(@Observes @Priority(StartOrder.AFTER_STREAMS) StartupEvent event) {
        if (cipher.encrypting()) {
            LOG.infof("payloads are encrypted at rest (AES-256-GCM) under key id %s; key ids that decrypt: %s", cipher.currentKeyId(),
                    cipher.keyIds());
        } else {
            LOG.infof("payloads are stored as sent (harmony.encryption.key unset)%s",
                    cipher.keyIds().isEmpty() ? "" : "; key ids that still decrypt: " + cipher.keyIds());
        }
    }

    public boolean encrypting() {
        return cipher.encrypting();
    }

    /** What to store in place of {@code plain}: its envelope when encrypting, else {@code plain} itself. */
    public JsonNode seal(JsonNode plain, String recordId) {
        return cipher.seal(plain, recordId);
    }

    /**
     * The plaintext of a stored value: the value itself unless it is an envelope. Throws (after logging and counting)
     * when an envelope does not open; the caller skips that record.
     *
     * @param record what it is, for the log and the meter's tag: {@link #MESSAGE}, {@link #REQUEST}, {@link #REPLY}, {@link #EVENT}
     */
    public JsonNode open(JsonNode stored, String recordId, String record) {
        if (!PayloadCipher.isEnvelope(stored)) {
            return stored;
        }
        try {
            return cipher.open(stored, recordId);
        } catch (UndecryptablePayloadException e) {
            LOG.warnf("skipping %s %s: its payload does not decrypt under key id '%s': %s", record, printable(recordId),
                    printable(e.keyId()), e.getMessage());
            failures.get(record).increment();
            throw e;
        }
    }

    /** Ids and key ids come from the record: a forged one must not forge log lines or flood them. */
    private static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        String safe = s.replaceAll("[^A-Za-z0-9._:-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) + "…" : safe;
    }

    /** Cheap pre-check on stored JSON text: without the word "enc" as a key it holds no envelope and needs no parsing. */
    public static boolean mayHoldEnvelope(String json) {
        return json != null && json.contains("\"enc\"");
    }
}
