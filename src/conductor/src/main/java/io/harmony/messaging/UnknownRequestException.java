package io.harmony.messaging;

import io.harmony.errors.HarmonyException;

/** A reply to a request that is unknown, already answered or expired: 404. */
public class UnknownRequestException extends HarmonyException {
    public UnknownRequestException(String requestId) {
        super(404, "request_id", "request " + requestId + " is unknown, already answered or expired");
    }
}
