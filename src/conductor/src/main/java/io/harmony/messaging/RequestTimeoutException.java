package io.harmony.messaging;

import io.harmony.errors.HarmonyException;

/** No reply within the request's timeout: 504. */
public class RequestTimeoutException extends HarmonyException {
    public RequestTimeoutException(String requestId, double seconds) {
        super(504, null, "no reply to request " + requestId + " within " + seconds + " s");
    }
}
