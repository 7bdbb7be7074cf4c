package io.harmony.messaging;

/** A reply to a request that is unknown, already answered or expired: 404. */
public class UnknownRequestException extends RuntimeException {
    public UnknownRequestException(String requestId) {
        super("request " + requestId + " is unknown, already answered or expired");
    }
}
