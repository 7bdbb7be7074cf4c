package io.harmony.messaging;

/** The target component has instances, but none is healthy: 503. */
public class NoHealthyInstanceException extends RuntimeException {
    public NoHealthyInstanceException(String component) {
        super("no healthy instance of " + component);
    }
}
