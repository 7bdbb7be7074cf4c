package io.harmony.messaging;

import java.util.List;

/** Answer of POST /queue/send (202): {@code message_id} for one message, {@code message_ids} for a batch. */
public record MessagesQueued(String status, String messageId, List<String> messageIds) {

    static MessagesQueued one(String id) {
        return new MessagesQueued("queued", id, null);
    }

    static MessagesQueued batch(List<String> ids) {
        return new MessagesQueued("queued", null, ids);
    }
}
