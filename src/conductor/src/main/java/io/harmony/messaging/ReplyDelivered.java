package io.harmony.messaging;

/** Answer of POST /requests/{request_id}/reply: the reply is on harmony.replies. */
public record ReplyDelivered(String status, String requestId) {

    static ReplyDelivered of(String requestId) {
        return new ReplyDelivered("delivered", requestId);
    }
}
