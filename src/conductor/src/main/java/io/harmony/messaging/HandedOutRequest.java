package io.harmony.messaging;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** One request in GET /requests/receive: what the target needs to answer it (no routing fields). */
public record HandedOutRequest(String requestId, String from, String requestType, JsonNode payload, Instant deadline) {

    /** With the payload as the target sees it (decrypted when it was stored sealed). */
    static HandedOutRequest of(PendingRequest r, JsonNode payload) {
        return new HandedOutRequest(r.requestId(), r.from(), r.requestType(), payload, r.deadline());
    }
}
