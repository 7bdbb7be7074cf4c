package io.harmony.messaging;

import com.fasterxml.jackson.databind.JsonNode;

/** Answer of POST /request (200): the reply, which instance gave it, and the round trip as seen by this replica. */
public record RequestAnswer(String status, String requestId, String responder, JsonNode response, double latencyMs) {

    static RequestAnswer ok(String requestId, Reply reply, double latencyMs) {
        return new RequestAnswer("ok", requestId, reply.responder(), reply.response(), latencyMs);
    }
}
