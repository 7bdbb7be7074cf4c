package io.harmony.messaging;

/** A request to a component that never registered: 404. */
public class UnknownTargetException extends RuntimeException {
    public UnknownTargetException(String component) {
        super(component + " has never registered");
    }
}
