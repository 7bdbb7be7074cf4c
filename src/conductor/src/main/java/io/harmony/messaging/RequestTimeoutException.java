package io.harmony.messaging;

/** No reply within the request's timeout: 504. */
public class RequestTimeoutException extends RuntimeException {
    public RequestTimeoutException(String requestId, double seconds) {
        super("no reply to request " + requestId + " within " + seconds + " s");
    }
}
