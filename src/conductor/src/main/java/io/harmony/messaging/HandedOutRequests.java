package io.harmony.messaging;

import java.util.List;

/** Answer of GET /requests/receive. */
public record HandedOutRequests(List<HandedOutRequest> requests) {
}
