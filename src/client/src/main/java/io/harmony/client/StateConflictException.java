package io.harmony.client;

/** A compare-and-set or conditional delete lost: the key's version is no longer the expected one (409). */
public final class StateConflictException extends RuntimeException {
    public StateConflictException(String message) {
        super(message);
    }
}
